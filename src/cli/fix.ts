/**
 * `check --fix`: apply fixes, analyse again, repeat until nothing more applies, then write the
 * files. Working in memory first means a file is written once, with every pass in it, and a
 * run that fails half-way has written nothing of that file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFileEdits, EditConflictError, selectFixes } from '../core/fixes/apply';
import type { Finding } from '../core';
import type { AppliedFix } from './report';

/** The most passes --fix makes: each pass applies fixes that did not overlap the others. */
export const MAX_FIX_PASSES = 10;

/** A file's text as --fix sees it: what was read, what it is now, how to write it back. */
export interface WorkingFile {
  original: string;
  text: string;
  bom: boolean;
}

/** One pass: analyse the current texts and return the findings. */
export type Analyse = () => Finding[];

export interface FixRun {
  /** Fixes applied, by the path of the finding they fixed (absolute, forward slashes). */
  applied: Map<string, AppliedFix[]>;
  passes: number;
}

/**
 * Applies fixes to `files` in memory until a pass applies none, or {@link MAX_FIX_PASSES}.
 * `load` brings in a file that a fix edits but that was not checked itself (an entrypoint
 * script); a fix on a file that cannot be loaded is left out.
 */
export function fixInMemory(
  files: Map<string, WorkingFile>,
  analyse: Analyse,
  options: { unsafe: boolean; load: (path: string) => WorkingFile | undefined },
): FixRun {
  const applied = new Map<string, AppliedFix[]>();
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const findings = analyse();
    const selection = selectFixes(findings, options);
    if (selection.chosen.length === 0) break;
    passes++;

    const next = new Map<string, string>();
    const failed = new Set<string>();
    for (const [file, edits] of selection.edits) {
      let working = files.get(file);
      if (!working) {
        working = options.load(file);
        if (!working) {
          failed.add(file);
          continue;
        }
        files.set(file, working);
      }
      try {
        next.set(file, applyFileEdits(working.text, edits));
      } catch (err) {
        // selectFixes keeps chosen edits apart; a conflict here is a fix whose range no longer
        // fits the text. Leave the file as it is rather than guess.
        if (!(err instanceof EditConflictError)) throw err;
        failed.add(file);
      }
    }

    let changed = false;
    for (const { finding, fix } of selection.chosen) {
      const paths = [...new Set(fix.edits.map((e) => e.path))];
      if (paths.some((p) => failed.has(p))) continue;
      const list = applied.get(finding.path) ?? [];
      list.push({
        rule: finding.rule,
        title: fix.title,
        line: finding.range.start.line + 1,
        column: finding.range.start.character + 1,
        paths,
      });
      applied.set(finding.path, list);
    }
    for (const [file, text] of next) {
      if (failed.has(file)) continue;
      const working = files.get(file)!;
      if (working.text !== text) changed = true;
      working.text = text;
    }
    // Fixes whose edits change nothing would otherwise come back every pass.
    if (!changed) break;
  }
  return { applied, passes };
}

/**
 * Replaces a file's contents atomically: the new text goes to a temporary file in the same
 * folder, which is then renamed over the old one, so a reader never sees half a file and a
 * failure leaves the old file whole. The file keeps its mode (and owner, where allowed); a
 * symbolic link keeps pointing at the file, which is what gets replaced.
 *
 * @throws the fs error when the file cannot be written; the original is then untouched.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = fs.realpathSync(file);
  const stat = fs.statSync(target);
  const folder = path.dirname(target);
  const temp = path.join(
    folder,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const mode = stat.mode & 0o7777;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    fs.writeSync(fd, text, null, 'utf8');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The umask may have taken bits off the mode openSync was given.
    fs.chmodSync(temp, mode);
    try {
      fs.chownSync(temp, stat.uid, stat.gid);
    } catch {
      // Only root may give a file away; anyone else's new file is theirs, as with any editor.
    }
    fs.renameSync(temp, target);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** The bytes to write for a working file: its text, with the byte order mark it came with. */
export function contentsOf(working: WorkingFile): string {
  return working.bom ? `\ufeff${working.text}` : working.text;
}
