/**
 * The common part of gitignore(5): comments, `!` negation, a trailing `/` for folders only, a
 * leading or inner `/` to anchor a pattern to its .gitignore's folder, and the globs `*`, `?`,
 * `[...]` and `**`. Patterns of deeper .gitignore files come later and win, as in git.
 *
 * Not covered: core.excludesFile, .git/info/exclude and the index (a tracked file that a
 * pattern names is skipped here, where git would keep reporting it).
 */
import * as posixPath from 'node:path/posix';

/** One pattern line, compiled. */
export interface IgnoreRule {
  /** Matches a path relative to the .gitignore's folder, with forward slashes. */
  regex: RegExp;
  negated: boolean;
  /** Written with a trailing `/`: matches folders only. */
  folderOnly: boolean;
  /** The line as written, for messages and tests. */
  pattern: string;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * A bracket expression starting at `start` (the `[`), as a regex class, and the index after
 * its `]`; undefined when it is not closed, in which case git reads the `[` literally.
 */
function bracket(glob: string, start: number): { source: string; next: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  // A `]` right after the opening (or after `!`) is a member, not the end.
  let first = true;
  for (; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === ']' && !first) {
      // A bracket never matches the separator, negated or not.
      const source = negated ? `[^/${body}]` : `(?!/)[${body}]`;
      return { source, next: i + 1 };
    }
    first = false;
    if (ch === '\\' && i + 1 < glob.length) {
      body += `\\${glob[++i]}`;
    } else if (ch === '[' || ch === ']' || ch === '^' || ch === '\\') {
      body += `\\${ch}`;
    } else {
      body += ch;
    }
  }
  return undefined;
}

/** Translates a glob (without its negation, anchoring slash or trailing slash) to a regex body. */
function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i];
    if (ch === '*') {
      let end = i;
      while (glob[end] === '*') end++;
      const wholeSegment = (i === 0 || glob[i - 1] === '/') && end - i === 2;
      if (wholeSegment && end === glob.length) {
        out += '.*';
        i = end;
      } else if (wholeSegment && glob[end] === '/') {
        // `**/` matches zero or more folders.
        out += '(?:.*/)?';
        i = end + 1;
      } else {
        // Any other run of stars is one ordinary star (gitignore(5)).
        out += '[^/]*';
        i = end;
      }
    } else if (ch === '?') {
      out += '[^/]';
      i++;
    } else if (ch === '[') {
      const cls = bracket(glob, i);
      if (cls) {
        out += cls.source;
        i = cls.next;
      } else {
        out += '\\[';
        i++;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]);
      i += 2;
    } else {
      out += escapeRegex(ch);
      i++;
    }
  }
  return out;
}

/** Trailing spaces are dropped unless the last one is escaped with a backslash. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    if (line[end - 2] === '\\') break;
    end--;
  }
  return line.slice(0, end);
}

/** Compiles one line of a .gitignore; undefined for blank lines and comments. */
export function compileIgnoreLine(line: string): IgnoreRule | undefined {
  const pattern = trimTrailingSpaces(line.replace(/\r$/, ''));
  if (pattern === '' || pattern.startsWith('#')) return undefined;

  let glob = pattern;
  let negated = false;
  if (glob.startsWith('!')) {
    negated = true;
    glob = glob.slice(1);
  }
  let folderOnly = false;
  while (glob.endsWith('/') && !glob.endsWith('\\/')) {
    folderOnly = true;
    glob = glob.slice(0, -1);
  }
  if (glob === '') return undefined;

  // A slash at the start or in the middle ties the pattern to the .gitignore's folder; without
  // one it matches a name at any depth below it.
  const anchored = glob.includes('/');
  if (glob.startsWith('/')) glob = glob.slice(1);
  const body = globToRegex(glob);
  const source = anchored ? `^${body}$` : `^(?:.*/)?${body}$`;
  return { regex: new RegExp(source), negated, folderOnly, pattern };
}

/** Compiles the text of a .gitignore file. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const rule = compileIgnoreLine(line);
    if (rule) rules.push(rule);
  }
  return rules;
}

interface Level {
  /** The folder of the .gitignore, absolute, forward slashes. */
  base: string;
  rules: IgnoreRule[];
}

/**
 * The .gitignore files in force at one point of a walk, outermost first. Immutable: entering a
 * folder with its own .gitignore gives a new matcher, so siblings never see each other's rules.
 */
export class IgnoreMatcher {
  private constructor(private readonly levels: readonly Level[]) {}

  static readonly empty = new IgnoreMatcher([]);

  /** This matcher with the rules of the .gitignore in `base` added (deeper, so they win). */
  with(base: string, rules: IgnoreRule[]): IgnoreMatcher {
    if (rules.length === 0) return this;
    return new IgnoreMatcher([...this.levels, { base, rules }]);
  }

  /** Whether `path` (absolute, forward slashes) is ignored. The last matching rule decides. */
  ignores(path: string, isFolder: boolean): boolean {
    let ignored = false;
    for (const level of this.levels) {
      const rel = posixPath.relative(level.base, path);
      if (rel === '' || rel.startsWith('../') || rel === '..') continue;
      for (const rule of level.rules) {
        if (rule.folderOnly && !isFolder) continue;
        if (rule.regex.test(rel)) ignored = !rule.negated;
      }
    }
    return ignored;
  }
}
