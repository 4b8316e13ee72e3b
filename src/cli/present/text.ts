/**
 * The human report: one line per finding, `path:line:col  severity  message  rule`, the shape
 * terminals and editors turn into links, then a summary line.
 */
import { fixToApply } from '../../core/fixes/apply';
import type { Finding } from '../../core';
import { relativePath } from '../files';
import type { AppliedFix, CheckReport } from '../report';
import { palette, type Palette } from './color';
import { escapeControls } from './escape';

export interface TextOptions {
  color: boolean;
  /** Whether fixes were applied in this run: hints then talk about what is left. */
  fixed: boolean;
  unsafeFixes: boolean;
}

/** One line of text from the files, safe to print: newlines joined, controls escaped. */
function flat(text: string): string {
  return escapeControls(text.replace(/\s*\r?\n\s*/g, ' ').trim());
}

/** A path relative to the working folder, safe to print. */
function shownPath(cwd: string, file: string): string {
  return escapeControls(relativePath(cwd, file));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function severityLabel(severity: Finding['severity'], p: Palette): string {
  const padded = severity.padEnd(7);
  if (severity === 'error') return p.red(padded);
  if (severity === 'warning') return p.yellow(padded);
  return p.blue(padded);
}

/**
 * "Fixed 2 problems in Dockerfile: shell-form (line 8), missing-init (line 12)". `written` are
 * the files the fixes changed; when that is anything but `file` itself (init: true added to the
 * compose file that runs the Dockerfile), the line names them: "Fixed 1 problem in Dockerfile
 * by editing compose.yaml: missing-init (line 1)".
 */
export function appliedLine(
  file: string,
  applied: readonly AppliedFix[],
  written: readonly string[] = [file],
): string {
  const list = applied.map((a) => `${a.rule} (line ${a.line})`).join(', ');
  const where =
    written.length === 1 && written[0] === file
      ? file
      : `${file} by editing ${written.join(written.length === 2 ? ' and ' : ', ')}`;
  return `Fixed ${plural(applied.length, 'problem')} in ${where}: ${list}`;
}

/** The lines saying what `--fix` changed, one per file with applied fixes. */
export function formatApplied(report: CheckReport, color: boolean): string {
  const p = palette(color);
  const lines: string[] = [];
  for (const file of report.files) {
    if (file.applied.length === 0) continue;
    const written = [...new Set(file.applied.flatMap((a) => a.paths))]
      .sort((a, b) => Number(b === file.path) - Number(a === file.path))
      .map((w) => shownPath(report.cwd, w));
    lines.push(p.green(appliedLine(shownPath(report.cwd, file.path), file.applied, written)));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Counts by severity, in the words of the summary: "1 error, 2 warnings". */
export function severityCounts(findings: readonly Finding[]): string {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const parts: string[] = [];
  if (count('error') > 0) parts.push(plural(count('error'), 'error'));
  if (count('warning') > 0) parts.push(plural(count('warning'), 'warning'));
  if (count('info') > 0) parts.push(`${count('info')} info`);
  return parts.join(', ');
}

/**
 * What to do about a finding that has a fix: the fix --fix would apply (or, for a finding
 * with unsafe fixes only, the one --unsafe-fixes would), and the flag that applies it.
 */
export function fixHint(finding: Finding): string | undefined {
  const safe = fixToApply(finding, { unsafe: false });
  if (safe) return `fix: ${safe.title} (--fix)`;
  const unsafe = fixToApply(finding, { unsafe: true });
  if (unsafe) return `fix: ${unsafe.title} (--fix --unsafe-fixes)`;
  return undefined;
}

/** The findings of every file and a summary, as printed by `check`. */
export function formatText(report: CheckReport, options: TextOptions): string {
  const p = palette(options.color);
  const lines: string[] = [];
  const all: Finding[] = [];
  for (const file of report.files) {
    const rel = shownPath(report.cwd, file.path);
    for (const f of file.findings) {
      all.push(f);
      const where = `${rel}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      lines.push(
        `${p.bold(where)}  ${severityLabel(f.severity, p)}  ${flat(f.message)}  ${p.dim(f.rule)}`,
      );
      for (const r of f.related) {
        const at = `${shownPath(report.cwd, r.path)}:${r.range.start.line + 1}:${r.range.start.character + 1}`;
        lines.push(p.dim(`    ${at}  ${flat(r.message)}`));
      }
      const hint = fixHint(f);
      if (hint) lines.push(p.dim(`    ${flat(hint)}`));
    }
  }

  if (all.length === 0) {
    const n = report.files.length;
    lines.push(
      n === 0
        ? 'No Dockerfiles or compose files found.'
        : p.green(`No problems found in ${plural(n, 'file')}.`),
    );
    return `${lines.join('\n')}\n`;
  }

  if (lines.length > 0) lines.push('');
  const summary = `${plural(all.length, 'problem')} (${severityCounts(all)})`;
  const worst = all.some((f) => f.severity === 'error')
    ? p.red
    : all.some((f) => f.severity === 'warning')
      ? p.yellow
      : p.blue;
  lines.push(worst(p.bold(summary)));

  const safe = all.filter((f) => fixToApply(f, { unsafe: false })).length;
  const any = all.filter((f) => fixToApply(f, { unsafe: true })).length;
  if (!options.fixed && safe > 0) {
    const more = any > safe ? `, ${any - safe} more with --fix --unsafe-fixes` : '';
    lines.push(`${safe} can be fixed with --fix${more}.`);
  } else if (!options.fixed && any > 0) {
    lines.push(`${any} can be fixed with --fix --unsafe-fixes.`);
  } else if (options.fixed && !options.unsafeFixes && any > 0) {
    lines.push(`${any} more can be fixed with --fix --unsafe-fixes.`);
  }
  return `${lines.join('\n')}\n`;
}
