/**
 * `check --fix`: the core's fix-all over the files in memory, then the files written. Working
 * in memory first means a file is written once, with every pass in it, and a run that fails
 * half-way has written nothing of that file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../core/fixes/fix-all';
import type { Finding } from '../core';
import type { AppliedFix } from './report';

export { MAX_FIX_PASSES } from '../core/fixes/fix-all';

/** A file's text as --fix sees it: what was read, what it is now, how to write it back. */
export interface WorkingFile {
  original: string;
  text: string;
  bom: boolean;
}

/** One pass: analyse the current texts (as `files` holds them) and return the findings. */
export type Analyse = () => Finding[];

export interface FixRun {
  /** Fixes applied, by the path of the finding they fixed (absolute, forward slashes). */
  applied: Map<string, AppliedFix[]>;
  passes: number;
}

/**
 * Applies fixes to `files` in memory (see the core's fixAll) and leaves the result in each
 * file's `text`. `load` brings in a file that a fix edits but that was not checked itself; a
 * fix on a file that cannot be loaded is left out.
 */
export function fixInMemory(
  files: Map<string, WorkingFile>,
  analyse: Analyse,
  options: { unsafe: boolean; load: (path: string) => WorkingFile | undefined },
): FixRun {
  const sync = (texts: ReadonlyMap<string, string>) => {
    for (const [file, text] of texts) {
      const working = files.get(file);
      if (working) working.text = text;
    }
  };
  const run = fixAll(
    new Map([...files].map(([file, w]) => [file, w.text])),
    (texts) => {
      sync(texts);
      return analyse();
    },
    {
      unsafe: options.unsafe,
      load(file) {
        const working = options.load(file);
        if (!working) return undefined;
        files.set(file, working);
        return working.text;
      },
    },
  );
  sync(run.texts);

  const applied = new Map<string, AppliedFix[]>();
  for (const { finding, fix } of run.applied) {
    const list = applied.get(finding.path) ?? [];
    list.push({
      rule: finding.rule,
      title: fix.title,
      line: finding.range.start.line + 1,
      column: finding.range.start.character + 1,
      paths: [...new Set(fix.edits.map((e) => e.path))],
    });
    applied.set(finding.path, list);
  }
  return { applied, passes: run.passes };
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
