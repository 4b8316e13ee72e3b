/**
 * The Dockerfile of the with-fixes scenario: the user's text with every fix applied in memory that
 * builds without downloading anything. The editor and the CLI both use this, so the same
 * Dockerfile gets the same with-fixes run in either.
 */
import { analyze } from '../core/analyze';
import { applyFileEdits, selectFixes } from '../core/fixes/apply';
import type { FileReader, Finding, Fix } from '../core/types';

/**
 * Text a fix may add that fetches something at build time: a package manager installing, or a
 * download. Such fixes cannot build on an engine without a registry or mirror, and the one that
 * matters (an init installed) is what the under-init scenario already shows.
 */
const DOWNLOADS = [
  /\b(?:apt-get|apt|dnf|yum|microdnf|zypper)\s+(?:-\S+\s+)*install\b/,
  /\bapk\s+(?:-\S+\s+)*add\b/,
  /\b(?:curl|wget)\s/,
  /^\s*ADD\s+(?:--\S+\s+)*(?:https?|git)[:@]/im,
  /^\s*FROM\s/im,
];

/** True when applying the fix would make the build download something. */
export function fixDownloads(fix: Fix): boolean {
  return fix.edits.some((edit) => DOWNLOADS.some((re) => re.test(edit.newText)));
}

/** Findings in `path` with only the fixes that stay in that file and download nothing. */
function usableFixes(findings: readonly Finding[], path: string): Finding[] {
  return findings
    .filter((f) => f.path === path && f.rule !== 'missing-init')
    .map((f) => ({
      ...f,
      fixes: f.fixes.filter((fix) => fix.edits.every((e) => e.path === path) && !fixDownloads(fix)),
    }))
    .filter((f) => f.fixes.length > 0);
}

/** The fixed text, and the title of every fix that went into it. */
export interface FixedDockerfile {
  text: string;
  fixes: string[];
}

/**
 * Applies, to the Dockerfile text in memory, every fix (safe or not) whose edits stay in the
 * Dockerfile and download nothing: exec form, `exec` inserted, npm replaced by the command it runs.
 * Fixes for other files (an entrypoint script) are left out, since the build context is used as
 * it is on disk. Overlapping fixes are applied over several passes, analysing the new text each
 * time. Returns undefined when nothing applies or the text does not change.
 *
 * `findings` are those of the file as the caller already has them (the editor's, with the user's
 * settings); without them the file is analysed here.
 */
export function fixedDockerfile(
  path: string,
  text: string,
  reader: FileReader,
  findings?: readonly Finding[],
): FixedDockerfile | undefined {
  const analyse = (current: string): Finding[] =>
    analyze({ files: [{ path, text: current, kind: 'dockerfile' }], reader }).findings;
  let pending = usableFixes(findings ?? analyse(text), path);
  let current = text;
  const titles: string[] = [];
  for (let pass = 0; pass < 5 && pending.length > 0; pass++) {
    const selection = selectFixes(pending, { unsafe: true });
    const edits = selection.edits.get(path) ?? [];
    if (edits.length === 0) break;
    const next = applyFileEdits(current, edits);
    if (next === current) break;
    current = next;
    for (const { fix } of selection.chosen) {
      if (!titles.includes(fix.title)) titles.push(fix.title);
    }
    // The fixes left over were computed for the old text: analyse the new one for the next pass.
    pending = usableFixes(analyse(current), path);
  }
  return current !== text ? { text: current, fixes: titles } : undefined;
}
