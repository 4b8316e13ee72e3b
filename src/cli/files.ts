/**
 * Finding and reading the files to check. Folders are walked for the file kinds of DESIGN.md;
 * files named on the command line are checked whatever their name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../core';
import { readRegularFile } from '../host/disk-reader';
import { describeFsError, FileError } from './errors';
import { IgnoreMatcher, parseGitignore } from './gitignore';

/** A file to check, found on disk. */
export interface FoundFile {
  /** Absolute, forward slashes: the form the core works with. */
  path: string;
  kind: 'dockerfile' | 'compose';
  /** Which command-line PATH it came from (absolute), for finding its configuration. */
  root: string;
}

/** File text as the core sees it, and what is needed to write it back byte for byte. */
export interface LoadedText {
  text: string;
  /** The file started with a UTF-8 byte order mark, which the core does not see. */
  bom: boolean;
}

/** Folders never worth walking, whatever .gitignore says. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** Absolute path with forward slashes, the form the core and the reports use. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `p` relative to `cwd`, with forward slashes; `p` itself when it is `cwd`'s own file. */
export function relativePath(cwd: string, p: string): string {
  const rel = toPosix(path.relative(cwd, p));
  return rel === '' ? '.' : rel;
}

/**
 * Reads a file as UTF-8 text, with its byte order mark taken off. Only regular files of at most
 * MAX_FILE_BYTES are read: a named pipe would wait forever, /dev/zero never ends.
 *
 * @throws FileError naming the file (relative to `cwd`) and the reason.
 */
export function readText(file: string, cwd: string): LoadedText {
  const read = readRegularFile(file);
  if (!read.ok) {
    const reason = read.reason === 'error' ? describeFsError(read.error) : read.message;
    throw new FileError(relativePath(cwd, file), reason);
  }
  const text = read.text;
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/**
 * What a file named on the command line is, when its name does not say: a FROM line makes it a
 * Dockerfile, a top-level `services:` key a compose file.
 */
export function sniffKind(text: string): 'dockerfile' | 'compose' | undefined {
  if (/^[ \t]*FROM[ \t]+\S/im.test(text)) return 'dockerfile';
  if (/^services[ \t]*:/m.test(text)) return 'compose';
  return undefined;
}

/** The nearest folder at or above `dir` that holds `.git` (a folder, or a file in worktrees). */
export function gitRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function loadGitignore(dir: string, matcher: IgnoreMatcher): IgnoreMatcher {
  // Most folders have none; one we cannot read (or a pipe, or a huge file) ignores nothing.
  const read = readRegularFile(path.join(dir, '.gitignore'));
  if (!read.ok) return matcher;
  return matcher.with(toPosix(dir), parseGitignore(read.text));
}

/**
 * The .gitignore files that apply to `dir` from above it: those of its parent folders up to the
 * git root. Outside a repository only the walk's own folders count.
 */
function inheritedIgnores(dir: string): IgnoreMatcher {
  const root = gitRootOf(dir);
  if (!root) return IgnoreMatcher.empty;
  const chain: string[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    if (path.relative(root, current).startsWith('..')) break;
    chain.unshift(current);
    if (current === root || path.dirname(current) === current) break;
  }
  let matcher = IgnoreMatcher.empty;
  for (const folder of chain) matcher = loadGitignore(folder, matcher);
  return matcher;
}

interface WalkState {
  root: string;
  found: FoundFile[];
  /** Real paths of the folders walked, so a symlink back up the tree is not walked again. */
  visited: Set<string>;
  seenFiles: Set<string>;
  cwd: string;
}

function realpath(p: string, cwd: string): string {
  try {
    return fs.realpathSync(p);
  } catch (err) {
    throw new FileError(relativePath(cwd, p), describeFsError(err));
  }
}

function walkFolder(dir: string, matcher: IgnoreMatcher, state: WalkState): void {
  const real = realpath(dir, state.cwd);
  if (state.visited.has(real)) return;
  state.visited.add(real);

  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new FileError(relativePath(state.cwd, dir), describeFsError(err));
  }
  const here = loadGitignore(dir, matcher);
  // Real entries before links, so a file reached both ways is reported under its own path.
  entries.sort(
    (a, b) =>
      Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );

  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isFolder = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        isFolder = target.isDirectory();
        isFile = target.isFile();
      } catch {
        // A dangling link names nothing to check.
        continue;
      }
    }
    if (isFolder) {
      if (SKIPPED_FOLDERS.has(entry.name) || here.ignores(toPosix(full), true)) continue;
      walkFolder(full, here, state);
    } else if (isFile) {
      const kind = fileKindOf(entry.name);
      if (!kind || kind === 'script' || here.ignores(toPosix(full), false)) continue;
      addFile(full, kind, state);
    }
  }
}

function addFile(file: string, kind: 'dockerfile' | 'compose', state: WalkState): void {
  const real = realpath(file, state.cwd);
  // The same file reached twice (two PATHs, or a link) is checked once.
  if (state.seenFiles.has(real)) return;
  state.seenFiles.add(real);
  state.found.push({ path: toPosix(path.resolve(file)), kind, root: state.root });
}

/**
 * The files to check for the command line's PATHs, in a stable order (each PATH's files
 * sorted by path, PATHs in the order given).
 *
 * @throws FileError for a PATH that does not exist or cannot be read, and for a file named
 * on the command line that is neither a Dockerfile nor a compose file.
 */
export function findFiles(paths: readonly string[], cwd: string): FoundFile[] {
  const found: FoundFile[] = [];
  const visited = new Set<string>();
  const seenFiles = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (err) {
      throw new FileError(given, describeFsError(err));
    }
    const state: WalkState = { root: full, found: [], visited, seenFiles, cwd };
    if (stat.isDirectory()) {
      walkFolder(full, inheritedIgnores(full), state);
      state.found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    } else {
      const named = fileKindOf(full);
      const kind =
        named === 'dockerfile' || named === 'compose' ? named : sniffKind(readText(full, cwd).text);
      if (!kind) {
        throw new FileError(
          given,
          'neither a Dockerfile (no FROM line) nor a compose file (no top-level services:); ' +
            'entrypoint scripts are checked through the Dockerfile that runs them',
        );
      }
      addFile(full, kind, state);
    }
    found.push(...state.found);
  }
  return found;
}
