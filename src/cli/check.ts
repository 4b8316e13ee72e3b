/**
 * `pid1-doctor check`: find the files, read the configuration, analyse (and fix), report.
 */
import {
  analyze,
  type AnalysisResult,
  type Config,
  type FileProblem,
  type SourceFile,
} from '../core';
import { diskReader } from '../host/disk-reader';
import type { CheckCommand } from './args';
import { ConfigLocator } from './config';
import { describeFsError, FileError } from './errors';
import { findFiles, readText, relativePath, type FoundFile } from './files';
import { contentsOf, fixInMemory, writeFileAtomic, type WorkingFile } from './fix';
import type { CliIo } from './io';
import { colorEnabled } from './present/color';
import { escapeControls } from './present/escape';
import { formatJson } from './present/json';
import { formatSarif } from './present/sarif';
import { formatApplied, formatText } from './present/text';
import { failsOn, type AppliedFix, type CheckReport, type FileReport } from './report';

/** Files that share one configuration are analysed together. */
interface Group {
  config: Config;
  files: FoundFile[];
}

function groupByConfig(found: readonly FoundFile[], locator: ConfigLocator): Group[] {
  const groups = new Map<string, Group>();
  for (const file of found) {
    const loaded = locator.load(file.root);
    const key = loaded.path ?? '';
    const group = groups.get(key) ?? { config: loaded.config, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function analyseGroup(group: Group, working: ReadonlyMap<string, WorkingFile>): AnalysisResult {
  const files: SourceFile[] = [];
  for (const f of group.files) {
    const w = working.get(f.path);
    if (w) files.push({ path: f.path, kind: f.kind, text: w.text });
  }
  // The core reads what it was not handed (the Dockerfile a compose file builds, an entrypoint
  // script, package.json) from disk, seeing the files as the last pass of --fix left them.
  const reader = diskReader((file) => working.get(file)?.text);
  return analyze({ files, reader, config: group.config });
}

/** Runs `check` and returns the exit code. */
export async function runCheck(command: CheckCommand, io: CliIo): Promise<number> {
  const found = findFiles(command.paths, io.cwd);
  const locator = new ConfigLocator(io.cwd);
  const groups = groupByConfig(found, locator);
  let exitCode = 0;

  // A file that cannot be read is reported and left out; the others are still checked.
  const working = new Map<string, WorkingFile>();
  const readable: FoundFile[] = [];
  for (const file of found) {
    try {
      const { text, bom } = readText(file.path, io.cwd);
      working.set(file.path, { original: text, text, bom });
      readable.push(file);
    } catch (err) {
      if (!(err instanceof FileError)) throw err;
      io.stderr.write(`pid1-doctor: ${escapeControls(err.message)}\n`);
      exitCode = 2;
    }
  }

  const applied = new Map<string, AppliedFix[]>();
  if (command.fix) {
    for (const group of groups) {
      const run = fixInMemory(working, () => analyseGroup(group, working).findings, {
        unsafe: command.unsafeFixes,
        load(file) {
          try {
            const { text, bom } = readText(file, io.cwd);
            return { original: text, text, bom };
          } catch {
            return undefined;
          }
        },
      });
      for (const [file, list] of run.applied)
        applied.set(file, [...(applied.get(file) ?? []), ...list]);
    }
    if (!writeChanges(working, applied, io)) exitCode = 2;
  }

  const results = groups.map((g) => analyseGroup(g, working));
  const findings = results.flatMap((r) => r.findings);
  const problems = results.flatMap((r) => r.problems);
  const reported = new Set(readable.map((f) => f.path));
  const report: CheckReport = {
    cwd: io.cwd,
    files: readable.map((file): FileReport => ({
      path: file.path,
      kind: file.kind,
      findings: findings.filter((f) => f.path === file.path),
      problems: problems.filter((p) => p.path === file.path),
      applied: applied.get(file.path) ?? [],
    })),
  };
  reportProblems(
    problems.filter((p) => command.format === 'text' || !reported.has(p.path)),
    io,
  );

  const color = colorEnabled(io.stdout, io.env);
  switch (command.format) {
    case 'json':
      io.stdout.write(formatJson(report));
      break;
    case 'sarif':
      // SARIF has no place for what was fixed; say it where the user will see it.
      io.stderr.write(formatApplied(report, colorEnabled(io.stderr, io.env)));
      io.stdout.write(formatSarif(report));
      break;
    default:
      io.stdout.write(formatApplied(report, color));
      io.stdout.write(
        formatText(report, { color, fixed: command.fix, unsafeFixes: command.unsafeFixes }),
      );
  }

  if (exitCode !== 0) return exitCode;
  return findings.some((f) => failsOn(f.severity, command.failOn)) ? 1 : 0;
}

/**
 * Writes every file --fix changed. A file that cannot be written is named on stderr and keeps
 * its old text (in memory too, so the report describes what is on disk), and the fixes that
 * touched it are no longer listed as applied. Returns false when any write failed.
 */
function writeChanges(
  working: Map<string, WorkingFile>,
  applied: Map<string, AppliedFix[]>,
  io: CliIo,
): boolean {
  const failed = new Set<string>();
  for (const [file, w] of working) {
    if (w.text === w.original) continue;
    try {
      writeFileAtomic(file, contentsOf(w));
      w.original = w.text;
    } catch (err) {
      io.stderr.write(
        `pid1-doctor: cannot write ${escapeControls(relativePath(io.cwd, file))}: ` +
          `${escapeControls(describeFsError(err))}; ` +
          'left unchanged\n',
      );
      w.text = w.original;
      failed.add(file);
    }
  }
  if (failed.size === 0) return true;
  for (const [file, list] of applied) {
    applied.set(
      file,
      list.filter((a) => !a.paths.some((p) => failed.has(p))),
    );
  }
  return false;
}

/** Files that are not what they claim (a YAML error, a rule that failed), on stderr. */
function reportProblems(problems: readonly FileProblem[], io: CliIo): void {
  for (const p of problems) {
    const at = `${relativePath(io.cwd, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
    io.stderr.write(`pid1-doctor: ${escapeControls(`${at}: ${p.message}`)}\n`);
  }
}
