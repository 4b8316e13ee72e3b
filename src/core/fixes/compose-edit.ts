/**
 * Edits to compose files: adding a key to a service at its indentation and in a sensible place,
 * and replacing a scalar or a command list. Edits carry the compose file's path, so a finding in
 * a Dockerfile can offer them. Inserted text uses the file's own line terminator.
 */
import type { ComposeModel, ComposeService, ExecArg } from '../parse/model';
import type { Range, TextEdit } from '../types';

/** The keys that say what a service runs; `init` reads best right after them. */
const RUN_KEYS = new Set(['image', 'build', 'entrypoint', 'command']);

function pos(line: number, character: number): Range['start'] {
  return { line, character };
}

function isComment(line: string | undefined): boolean {
  return (line ?? '').trim().startsWith('#');
}

/**
 * An edit that sets `key: value` on a service: the value is replaced when the key is written in
 * the service itself; otherwise a line is added at the service's key indentation, right after
 * the last of image, build, entrypoint and command (with no such key, after the last key). Undefined when no line can be added (a flow
 * mapping, an alias, a key written on the service's own line).
 */
export function setServiceKey(
  model: ComposeModel,
  service: ComposeService,
  key: string,
  value: string,
): TextEdit | undefined {
  if (service.layout) return undefined;
  // In a file the YAML parser could not read, where a line goes is a guess (an unclosed
  // bracket swallows what follows it); an edit there could make the file worse.
  if (model.problems.length > 0) return undefined;
  const path = model.path;
  const lines = model.lines;
  const eol = model.eol;
  const keys = service.keys.filter((k) => k.key !== '<<');
  if (keys.length === 0) return undefined;

  const own = keys.find((k) => k.key === key);
  if (own) {
    // `init: false` written here: replace the value that follows the key on its line.
    const line = lines[own.range.start.line] ?? '';
    const after = line.slice(own.range.end.character);
    const m = /^(\s*:\s*)([^\s#][^#]*?)?(\s*(#.*)?)$/.exec(after);
    if (!m || !m[2]) return undefined;
    const start = own.range.end.character + m[1].length;
    return {
      path,
      range: {
        start: pos(own.range.start.line, start),
        end: pos(own.range.start.line, start + m[2].length),
      },
      newText: value,
    };
  }

  // Every key must start its own line at the service's indentation, or a line cannot go there.
  for (const k of keys) {
    const prefix = (lines[k.range.start.line] ?? '').slice(0, k.range.start.character);
    if (prefix.trim() !== '' || k.range.start.character !== service.keyIndent) return undefined;
  }
  const indent = ' '.repeat(service.keyIndent);
  const newLine = `${indent}${key}: ${value}`;

  let lastRun = -1;
  keys.forEach((k, i) => {
    if (RUN_KEYS.has(k.key)) lastRun = i;
  });
  const before = lastRun >= 0 ? keys[lastRun + 1] : undefined;

  if (before) {
    // Above the key, and above the comment lines that belong to it.
    let line = before.range.start.line;
    while (line - 1 > service.keyRange.start.line && isComment(lines[line - 1])) line--;
    return { path, range: { start: pos(line, 0), end: pos(line, 0) }, newText: newLine + eol };
  }
  // After the service's last value, at the end of its line (past any trailing comment).
  const endLine = service.range.end.line;
  const end = pos(endLine, (lines[endLine] ?? '').length);
  return { path, range: { start: end, end }, newText: eol + newLine };
}

/** Whether a string can be written as a plain YAML scalar and read back as the same string. */
export function isPlainYamlSafe(text: string): boolean {
  if (text === '' || text !== text.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text)) return false;
  if (/: |:$| #|[\n\r\t]/.test(text)) return false;
  // Words YAML 1.1 or 1.2 reads as something other than a string.
  if (/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(text)) return false;
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return false;
  if (/^0x[0-9a-f]+$|^0o[0-7]+$|^\.(inf|nan)$/i.test(text)) return false;
  return true;
}

/** A YAML scalar for a string, in the quoting style of `like` (the scalar's old source text). */
export function yamlScalar(value: string, like: string): string {
  if (like.startsWith('"')) return JSON.stringify(value);
  if (like.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return isPlainYamlSafe(value) ? value : JSON.stringify(value);
}

/** The source text of a range on one line, or undefined when it spans lines. */
export function textOnLine(lines: string[], range: Range): string | undefined {
  if (range.start.line !== range.end.line) return undefined;
  return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
}

/**
 * The text that separates two adjacent list elements (`, `, `,`, or a newline, indentation and
 * `- ` in a block list), read from the source; a comment in between makes it undefined.
 */
export function separatorBetween(
  lines: string[],
  a: ExecArg,
  b: ExecArg,
  eol: string,
): string | undefined {
  if (a.range.end.line === b.range.start.line) {
    const sep = (lines[a.range.end.line] ?? '').slice(
      a.range.end.character,
      b.range.start.character,
    );
    return sep.includes('#') ? undefined : sep;
  }
  if (b.range.start.line !== a.range.end.line + 1) return undefined;
  const tail = (lines[a.range.end.line] ?? '').slice(a.range.end.character);
  const head = (lines[b.range.start.line] ?? '').slice(0, b.range.start.character);
  if (tail.trim() !== '' && tail.trim() !== ',') return undefined;
  if (head.includes('#')) return undefined;
  return `${tail}${eol}${head}`;
}
