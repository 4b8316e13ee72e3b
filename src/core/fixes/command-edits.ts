/**
 * Edits that rewrite a command where it is written: shell form to exec form, `exec ` put in
 * front of a shell's last command, an explicit `/bin/sh -c` built from an exec-form array.
 *
 * Rules hand in what the parsers found (mapped shell text, exec-form elements, compose values)
 * and get TextEdits back, or undefined when the rewrite cannot be made exactly. Every edit
 * touches only the characters it has to, so comment lines between continued lines, the
 * `# escape=` character, indentation and line endings stay as written.
 */
import type { ComposeCommand, ExecArg, MappedText, ShellAnalysis, ShellWord } from '../parse/model';
import {
  analyzeShell,
  execInsertionOffset,
  quoteForShell,
  splitComposeWords,
  toJsonExecForm,
} from '../parse/shell';
import { TRIVIAL_COMMANDS } from '../launch/build';
import type { Position, Range, TextEdit } from '../types';

/** Shells whose `-c` text is POSIX shell syntax, so `exec` and shell quoting mean what we write. */
const POSIX_SHELLS = new Set(['sh', 'dash', 'bash', 'ash', 'busybox', 'zsh', 'ksh', 'mksh']);

function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/** Whether a Dockerfile `SHELL ["...", ...]` argv runs POSIX shell text (no SHELL: /bin/sh). */
export function isPosixShell(argv: readonly string[] | undefined): boolean {
  return !argv || argv.length === 0 || POSIX_SHELLS.has(basename(argv[0]));
}

function isSingleLine(range: Range): boolean {
  return range.start.line === range.end.line;
}

function point(position: Position): Range {
  return { start: position, end: position };
}

/** The text a single-line range covers, from the file's lines. */
function lineSlice(lines: readonly string[], range: Range): string | undefined {
  if (!isSingleLine(range)) return undefined;
  const line = lines[range.start.line];
  if (line === undefined || range.end.character > line.length) return undefined;
  return line.slice(range.start.character, range.end.character);
}

/** Whether `[start, end)` of mapped text was written on one line, character for character. */
function contiguous(mapped: MappedText, start: number, end: number): Range | undefined {
  const range = mapped.toRange(start, end);
  if (!isSingleLine(range) || range.end.character - range.start.character !== end - start) {
    return undefined;
  }
  return range;
}

// ---------------------------------------------------------------------------------------------
// Exec form

/**
 * Shell-form text that is one simple command of literal words, rewritten as a JSON array in
 * place (not when a word would read as shell syntax in exec form: a quoted `'&&'` or `'$HOME'`): each run of words written on one line becomes one edit, so the continuation
 * characters and comment lines between lines are kept where they are. A leading `exec` is
 * dropped (exec form runs the program directly). Undefined when the text is more than that
 * command (a trailing shell comment, say) or a word is itself split over lines.
 */
export function execFormEdits(
  path: string,
  mapped: MappedText,
  analysis: ShellAnalysis,
): TextEdit[] | undefined {
  const literals = analysis.singleSimpleCommand;
  const command = analysis.commands[0];
  if (!literals || analysis.commands.length !== 1 || !command) return undefined;
  const words = command.words;
  const dropped = words.length - literals.length;
  if (dropped < 0 || dropped > 1 || (dropped === 1 && words[0].literal !== 'exec')) {
    return undefined;
  }
  // A word that is literally `&&` or `$HOME` (quoted in the shell text) would become an element
  // that shell-operators-without-shell reads as shell syntax meant for a shell: keep shell form.
  if (needsShell(unshelledElements(literals, (w) => w))) return undefined;

  // Only blanks may surround and separate the words: anything else is shell text that a JSON
  // array would either drop or turn into broken exec form.
  const text = mapped.text;
  const gaps = [
    text.slice(0, words[0].start),
    ...words.slice(1).map((w, i) => text.slice(words[i].end, w.start)),
    text.slice(words[words.length - 1].end),
  ];
  if (gaps.some((gap) => !/^\s*$/.test(gap))) return undefined;

  interface Group {
    range: Range;
    elements: string[];
  }
  const groups: Group[] = [];
  for (let i = 0; i < words.length; i++) {
    const word: ShellWord = words[i];
    const range = contiguous(mapped, word.start, word.end);
    if (!range) return undefined;
    const element = i < dropped ? [] : [JSON.stringify(literals[i - dropped])];
    const last = groups[groups.length - 1];
    if (last && last.range.end.line === range.start.line) {
      last.range = { start: last.range.start, end: range.end };
      last.elements.push(...element);
    } else {
      groups.push({ range, elements: element });
    }
  }

  return groups.map((group, i) => {
    let newText = group.elements.join(', ');
    if (i === 0) newText = `[${newText}`;
    if (i === groups.length - 1) newText += ']';
    else if (group.elements.length > 0) newText += ',';
    return { path, range: group.range, newText };
  });
}

// ---------------------------------------------------------------------------------------------
// Inserting exec

/** Where `exec ` goes in a shell text, and the name of the command it will run. */
export interface ExecInsertion {
  /** Offset in the shell text. */
  offset: number;
  /** The command's first word as written, for titles: "Add exec before node". */
  name: string;
}

/**
 * Where `exec ` makes the shell replace itself with its last command, or undefined when that is
 * not possible or not worth it: the last command sits in a pipeline, subshell, loop or `if`, is
 * a shell builtin, or is one of `skip` (commands that return at once, such as `echo`: exec'ing
 * them would end the container instead of handing PID 1 to the app).
 */
export function execInsertion(
  analysis: ShellAnalysis,
  skip: ReadonlySet<string> = new Set(),
): ExecInsertion | undefined {
  if (analysis.error) return undefined;
  const offset = execInsertionOffset(analysis);
  const first = analysis.last?.command.words[0];
  if (offset === undefined || !first) return undefined;
  if (first.literal !== undefined && skip.has(basename(first.literal))) return undefined;
  return { offset, name: first.literal ?? first.raw };
}

/** `exec ` inserted into mapped shell text (shell form, a compose string) at `offset`. */
export function insertIntoMapped(
  path: string,
  mapped: MappedText,
  offset: number,
  text = 'exec ',
): TextEdit {
  return { path, range: point(mapped.toRange(offset, offset).start), newText: text };
}

/**
 * Text inserted into a JSON string element (`"a && b"` in a Dockerfile's exec form) at
 * `offset` of its value. When the element is written the way JSON.stringify writes it (any
 * other spelling of the same value is longer), the insertion lands at the matching character;
 * otherwise the element is written anew. Undefined when the element spans lines.
 */
export function insertIntoJsonString(
  path: string,
  arg: ExecArg,
  offset: number,
  text: string,
): TextEdit | undefined {
  if (!isSingleLine(arg.range)) return undefined;
  const canonical = JSON.stringify(arg.value);
  if (arg.range.end.character - arg.range.start.character === canonical.length) {
    const at = {
      line: arg.range.start.line,
      character: arg.range.start.character + JSON.stringify(arg.value.slice(0, offset)).length - 1,
    };
    return { path, range: point(at), newText: text };
  }
  const value = arg.value.slice(0, offset) + text + arg.value.slice(offset);
  return { path, range: arg.range, newText: JSON.stringify(value) };
}

/**
 * Where `offset` of a literal block scalar's value (`|`, `|-`, `|+`) is in the file: its
 * content lines are the value's lines with the block's indentation in front. Undefined for any
 * other scalar, or when the lines do not read back as the value.
 */
function literalBlockPosition(
  lines: readonly string[],
  arg: ExecArg,
  offset: number,
): Position | undefined {
  const header = (lines[arg.range.start.line] ?? '').slice(arg.range.start.character);
  if (!/^\|[+-]?[ \t]*(?:#.*)?$/.test(header)) return undefined;
  const first = arg.range.start.line + 1;
  let indent: number | undefined;
  for (let l = first; l <= arg.range.end.line && indent === undefined; l++) {
    if ((lines[l] ?? '').trim() !== '') indent = /^ */.exec(lines[l])![0].length;
  }
  if (!indent) return undefined;
  const value = arg.value;
  let consumed = 0;
  for (let l = first; l <= arg.range.end.line; l++) {
    const content = (lines[l] ?? '').slice(indent);
    if (offset <= consumed + content.length) {
      const before = content.slice(0, offset - consumed);
      return value.slice(consumed, offset) === before
        ? { line: l, character: indent + before.length }
        : undefined;
    }
    if (value.slice(consumed, consumed + content.length + 1) !== `${content}\n`) return undefined;
    consumed += content.length + 1;
  }
  return undefined;
}

/**
 * Text inserted into a YAML string scalar at `offset` of its value: in place for a plain,
 * single- or double-quoted scalar on one line and for a literal block scalar; a one-line
 * scalar written any other way is replaced by a double-quoted one. Undefined for other
 * scalars over several lines (folded ones, quoted ones broken over lines).
 */
export function insertIntoYamlScalar(
  path: string,
  lines: readonly string[],
  arg: ExecArg,
  offset: number,
  text: string,
): TextEdit | undefined {
  if (!isSingleLine(arg.range)) {
    const at = literalBlockPosition(lines, arg, offset);
    return at && { path, range: point(at), newText: text };
  }
  const source = lineSlice(lines, arg.range);
  if (source === undefined) return undefined;
  const value = arg.value;
  const single = (s: string) => s.replace(/'/g, "''");
  let column: number | undefined;
  if (source === value && !/^['"]/.test(value)) {
    column = offset;
  } else if (source === `'${single(value)}'`) {
    column = 1 + single(value.slice(0, offset)).length;
  } else if (source === JSON.stringify(value)) {
    column = JSON.stringify(value.slice(0, offset)).length - 1;
  }
  if (column === undefined) {
    const next = value.slice(0, offset) + text + value.slice(offset);
    return { path, range: arg.range, newText: JSON.stringify(next) };
  }
  const at = { line: arg.range.start.line, character: arg.range.start.character + column };
  return { path, range: point(at), newText: text };
}

/**
 * Text inserted into one word of a compose string command (`sh -c "a && b"`), which compose
 * splits into words itself. The word must be written in plain single or double quotes; the
 * result is checked by splitting the new value again, so a guess never becomes an edit.
 */
export function insertIntoComposeWord(
  path: string,
  cmd: Extract<ComposeCommand, { kind: 'string' }>,
  wordIndex: number,
  offset: number,
  text: string,
): TextEdit | undefined {
  const before = splitComposeWords(cmd.value);
  const word = before.words[wordIndex];
  if (before.error || word === undefined) return undefined;
  const expected = [...before.words];
  expected[wordIndex] = word.slice(0, offset) + text + word.slice(offset);

  for (const quote of ['"', "'"]) {
    const written = `${quote}${word}${quote}`;
    for (let at = cmd.value.indexOf(written); at >= 0; at = cmd.value.indexOf(written, at + 1)) {
      const position = at + 1 + offset;
      const next = cmd.value.slice(0, position) + text + cmd.value.slice(position);
      const after = splitComposeWords(next);
      if (
        !after.error &&
        (after.droppedFrom === undefined) === (before.droppedFrom === undefined) &&
        after.words.length === expected.length &&
        after.words.every((w, i) => w === expected[i])
      ) {
        return insertIntoMapped(path, cmd.mapped, position, text);
      }
    }
  }
  return undefined;
}

/**
 * Text inserted into a quoted word of shell-form text (the `"a && b"` of
 * `CMD sh -c "a && b"`), at `offset` of the word's value. Only for a word written in plain
 * quotes with nothing inside that the quotes change, and written on one line.
 */
export function insertIntoShellWord(
  path: string,
  mapped: MappedText,
  word: ShellWord,
  offset: number,
  text: string,
): TextEdit | undefined {
  const value = word.literal;
  if (value === undefined) return undefined;
  const plainSingle = word.raw === `'${value}'` && !value.includes("'");
  const plainDouble = word.raw === `"${value}"` && !/["\\$`]/.test(value);
  if (!plainSingle && !plainDouble) return undefined;
  if (!contiguous(mapped, word.start, word.end)) return undefined;
  return insertIntoMapped(path, mapped, word.start + 1 + offset, text);
}

// ---------------------------------------------------------------------------------------------
// Malformed exec form

interface BracketElement {
  start: number;
  end: number;
  raw: string;
}

/** The elements of bracketed text written with straight quotes, and a trailing comma. */
function scanElements(
  text: string,
): { elements: BracketElement[]; trailingComma?: number } | undefined {
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const elements: BracketElement[] = [];
  let lastComma: number | undefined;
  let i = 1;
  while (i < text.length - 1) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === ',') {
      if (lastComma !== undefined || elements.length === 0) return undefined;
      lastComma = i++;
    } else if (ch === '"' || ch === "'") {
      if (elements.length > 0 && lastComma === undefined) return undefined;
      const start = i++;
      while (i < text.length - 1 && text[i] !== ch) i += ch === '"' && text[i] === '\\' ? 2 : 1;
      if (text[i] !== ch) return undefined;
      i++;
      elements.push({ start, end: i, raw: text.slice(start, i) });
      lastComma = undefined;
    } else {
      return undefined;
    }
  }
  return { elements, trailingComma: lastComma };
}

/**
 * Bracketed text that is not JSON only because of single quotes or a trailing comma, made
 * valid: each element not already a JSON string is written as one, the trailing comma goes.
 * The elements stay where they are, so comment lines between continued lines are kept.
 * Undefined unless the elements read back as `intended`, each on one line.
 */
export function repairExecFormEdits(
  path: string,
  mapped: MappedText,
  intended: readonly string[],
): TextEdit[] | undefined {
  const scan = scanElements(mapped.text);
  if (!scan || scan.elements.length !== intended.length || intended.length === 0) {
    return undefined;
  }
  const edits: TextEdit[] = [];
  for (const [i, element] of scan.elements.entries()) {
    const value = element.raw.startsWith("'") ? element.raw.slice(1, -1) : undefined;
    let decoded: string;
    try {
      decoded = value ?? (JSON.parse(element.raw) as string);
    } catch {
      return undefined;
    }
    if (decoded !== intended[i]) return undefined;
    const range = contiguous(mapped, element.start, element.end);
    if (!range) return undefined;
    const json = JSON.stringify(intended[i]);
    if (element.raw !== json) edits.push({ path, range, newText: json });
  }
  if (scan.trailingComma !== undefined) {
    const comma = scan.trailingComma;
    edits.push({ path, range: mapped.toRange(comma, comma + 1), newText: '' });
  }
  return edits.length > 0 ? edits : undefined;
}

// ---------------------------------------------------------------------------------------------
// An explicit shell

/** Operators that, written as exec-form elements or compose list items, were meant for a shell. */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set([
  '&&',
  '||',
  '|',
  ';',
  '&',
  '>',
  '>>',
  '<',
  '2>',
  '2>&1',
  '&>',
  '|&',
  ';;',
]);

/** `$NAME`, `${NAME}` and nothing a shell would read differently: kept unquoted. */
const EXPANDED_WORD =
  /^(?:[A-Za-z0-9_@%+=:,./-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/;

/**
 * The shell text that exec-form elements were meant as: operators stay operators, `$VAR` stays
 * an expansion, every other element is quoted as the one word it was. Undefined when an
 * element mixes an expansion with characters the shell would read (`"$A b"`).
 */
export function shellTextOfArgs(args: readonly string[]): string | undefined {
  const words: string[] = [];
  for (const arg of args) {
    if (OPERATOR_WORDS.has(arg)) words.push(arg);
    else if (arg.includes('$')) {
      if (!EXPANDED_WORD.test(arg)) return undefined;
      words.push(arg);
    } else words.push(quoteForShell(arg));
  }
  return words.join(' ');
}

/**
 * `["/bin/sh", "-c", "<text with exec before its last command>"]`, or undefined when the text
 * does not parse or its last command cannot be exec'd (a pipeline, say): a shell left waiting
 * would trade this finding for shell-without-exec. With `passArgs` (an ENTRYPOINT, whose CMD
 * and `docker run` arguments follow it) the last command gets `"$@"` and `sh` fills `$0`.
 */
export function explicitShellArgv(text: string, passArgs: boolean): string[] | undefined {
  const analysis = analyzeShell(text);
  const insertion = execInsertion(analysis);
  const last = analysis.last?.command;
  if (!insertion || !last || trivialLastCommand(analysis) !== undefined) return undefined;
  let script = `${text.slice(0, insertion.offset)}exec ${text.slice(insertion.offset)}`;
  if (passArgs) {
    const end = last.end + 'exec '.length;
    script = `${script.slice(0, end)} "$@"${script.slice(end)}`;
  }
  const check = analyzeShell(script);
  if (check.error || !check.last?.command.isExec) return undefined;
  return passArgs ? ['/bin/sh', '-c', script, 'sh'] : ['/bin/sh', '-c', script];
}

/**
 * The name of the last command when it returns at once (`echo done`) and a real command comes
 * before it: exec'ing it would end the container, not make the app PID 1, and the shell waits
 * for the app either way. Undefined otherwise.
 */
export function trivialLastCommand(analysis: ShellAnalysis): string | undefined {
  const last = analysis.last?.command;
  const name = last?.words[0]?.literal;
  if (!last || name === undefined || !TRIVIAL_COMMANDS.has(basename(name))) return undefined;
  const realBefore = analysis.commands.some((c) => {
    const first = c.words[0];
    const trivial = first?.literal !== undefined && TRIVIAL_COMMANDS.has(basename(first.literal));
    return c.start !== last.start && !trivial;
  });
  return realBefore ? name : undefined;
}

/** The exec-form spelling of an argv, as Dockerfiles write it: `["/bin/sh", "-c", "..."]`. */
export function execFormText(argv: readonly string[]): string {
  return toJsonExecForm([...argv]);
}

const YAML_PLAIN = /^[A-Za-z_/][A-Za-z0-9_/.=:@%+-]*$|^-[A-Za-z][A-Za-z0-9_=-]*$/;
const YAML_KEYWORDS = /^(?:true|false|yes|no|on|off|null|y|n)$/i;

/** A string as a YAML scalar: plain when nothing in it could be read as something else. */
export function yamlScalar(value: string): string {
  if (YAML_PLAIN.test(value) && !YAML_KEYWORDS.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

/**
 * A compose `command:`/`entrypoint:` value replaced by a list. A block list (`- a` lines) is
 * written back as one at the same indentation; anything else becomes a flow list
 * (`["/bin/sh", "-c", "..."]`), which fits wherever the old value stood.
 */
export function composeListEdit(
  path: string,
  lines: readonly string[],
  cmd: ComposeCommand,
  argv: readonly string[],
): TextEdit {
  const first = lines[cmd.range.start.line] ?? '';
  const block = cmd.kind === 'list' && first[cmd.range.start.character] === '-';
  if (block) {
    const indent = ' '.repeat(cmd.range.start.character);
    const items = argv.map((value, i) => `${i === 0 ? '' : indent}- ${yamlScalar(value)}`);
    return { path, range: cmd.range, newText: items.join('\n') };
  }
  return { path, range: cmd.range, newText: toJsonExecForm([...argv]) };
}

/**
 * The elements of bracketed text read leniently (single or double quotes, bare words such as
 * `$APP`), for showing the `sh -c` form a malformed exec form meant. Undefined when the text
 * is not a plain list of such elements.
 */
export function lenientElements(text: string): { value: string; bare: boolean }[] | undefined {
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const out: { value: string; bare: boolean }[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,'"[\]]+))\s*(,|$)/y;
  const body = text.slice(1, -1);
  pattern.lastIndex = 0;
  while (pattern.lastIndex < body.length) {
    const m = pattern.exec(body);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      try {
        out.push({ value: JSON.parse(`"${m[1]}"`) as string, bare: false });
      } catch {
        return undefined;
      }
    } else if (m[2] !== undefined) out.push({ value: m[2], bare: false });
    else out.push({ value: m[3], bare: true });
    if (m[4] === '' && pattern.lastIndex < body.length) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

/** `$NAME`, `${...}` or `$(...)` in an exec-form element: an expansion no shell will make. */
export const EXPANSION = /\$(\{|\(|[A-Za-z_])/;

/** Whether exec-form words hold shell syntax that no shell would read there. */
export function needsShell(words: readonly string[]): boolean {
  return words.some((w) => OPERATOR_WORDS.has(w) || EXPANSION.test(w));
}

/** Programs whose arguments are shell text or a script: their exec-form words are theirs. */
const SHELL_PROGRAMS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox']);

/**
 * The exec-form elements that no shell will read (all of them, unless the program is itself a
 * shell): where shell-operators-without-shell looks for operators and `$VAR`s.
 */
export function unshelledElements<T>(elements: readonly T[], value: (e: T) => string): T[] {
  if (elements.length === 0 || SHELL_PROGRAMS.has(basename(value(elements[0])))) return [];
  return [...elements];
}
