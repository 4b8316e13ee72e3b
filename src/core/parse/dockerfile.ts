/**
 * Reads a Dockerfile into the model the launch planner uses.
 *
 * dockerfile-ast finds the instructions, their keywords and their extent (continuations and
 * heredoc bodies included) and parses ENV/ARG pairs. What it does not give, this file adds: the
 * argument text as Docker's own parser sees it (continuations joined, comment and blank lines
 * inside a continuation dropped), a map from every character of that text back to the file, and
 * Docker's choice between exec form and shell form for ENTRYPOINT, CMD and SHELL.
 *
 * The rules below follow moby/buildkit's frontend/dockerfile/parser: a line continues when it
 * ends with the escape character (trailing blanks allowed); inside a continuation, lines whose
 * first non-blank character is `#` and lines that are blank are skipped; continuation lines keep
 * their leading whitespace; the arguments are trimmed; bracketed text that is not a JSON array
 * of strings runs as shell form.
 */
import { posix } from 'path';
import {
  Arg as AstArg,
  DockerfileParser,
  Env as AstEnv,
  type Instruction as AstInstruction,
} from 'dockerfile-ast';
import { detectEol, splitLines } from '../text';
import type { Position, Range } from '../types';
import type {
  CommandForm,
  CommandInstruction,
  CopyInstruction,
  DockerfileModel,
  ExecArg,
  MappedText,
  RunInstruction,
  Stage,
  StopSignalInstruction,
} from './model';

// ---------------------------------------------------------------------------------------------
// Text traced back to the file

/** Text in which every UTF-16 unit remembers the file position it was read from. */
interface Traced {
  text: string;
  at: Position[];
  /** Where a span that starts at the very end of the text lands. */
  end: Position;
}

function after(p: Position): Position {
  return { line: p.line, character: p.character + 1 };
}

function spanEnd(t: Traced, start: number, end: number): Position {
  if (end > start) return after(t.at[end - 1]);
  return start < t.text.length ? t.at[start] : t.end;
}

function sliceTraced(t: Traced, start: number, end = t.text.length): Traced {
  return {
    text: t.text.slice(start, end),
    at: t.at.slice(start, end),
    end: spanEnd(t, start, end),
  };
}

function trimTraced(t: Traced): Traced {
  const start = t.text.length - t.text.trimStart().length;
  const end = t.text.trimEnd().length;
  return end <= start ? sliceTraced(t, start, start) : sliceTraced(t, start, end);
}

function rangeOf(t: Traced, start = 0, end = t.text.length): Range {
  const s = Math.max(0, Math.min(start, t.text.length));
  const e = Math.max(s, Math.min(end, t.text.length));
  return { start: s < t.text.length ? t.at[s] : t.end, end: spanEnd(t, s, e) };
}

function toMapped(t: Traced): MappedText {
  return { text: t.text, toRange: (start, end) => rangeOf(t, start, end) };
}

// ---------------------------------------------------------------------------------------------
// Logical instructions: continuations and heredocs

const KNOWN_KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** buildkit's heredoc word: optional fd, `<<`, optional `-`, a name optionally quoted. */
const HEREDOC_WORD = /^(\d*)<<(-?)(['"]?)([A-Za-z][A-Za-z0-9]*)(['"]?)$/;

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function isCommentLine(line: string): boolean {
  return /^\s*#/.test(line);
}

interface HeredocBody {
  name: string;
  body: Traced;
}

/** One instruction with its arguments read the way Docker reads them. */
interface Logical {
  keyword: string;
  keywordRange: Range;
  /** The arguments on the instruction's own (continued) line, untrimmed. */
  args: Traced;
  heredocs: HeredocBody[];
  /** The lines that hold the heredoc bodies and their terminators. */
  heredocLines?: { from: number; to: number };
  unterminatedHeredoc?: string;
  /** Keyword to the last argument character, or to the last heredoc terminator. */
  range: Range;
}

interface Reader {
  lines: string[];
  /** The escape character and trailing blanks at the end of a line. A doubled escape (`\\`)
   *  continues the line too, as dockerfile-ast and older buildkit read it; newer buildkit
   *  releases take it for an escaped escape character and end the instruction there. */
  continuation: RegExp;
}

/** Reads the argument line of an instruction from the end of its keyword, as Docker joins it. */
function readArgumentLine(
  reader: Reader,
  keywordEnd: Position,
  lastLine: number,
): { args: Traced; lastLine: number } {
  let text = '';
  const at: Position[] = [];
  let line = keywordEnd.line;
  let used = line;
  for (let first = true; line <= lastLine; line++) {
    const raw = reader.lines[line] ?? '';
    if (!first && (isCommentLine(raw) || raw.trim() === '')) continue;
    const cont = reader.continuation.exec(raw);
    const stop = cont ? cont.index : raw.length;
    for (let c = first ? keywordEnd.character : 0; c < stop; c++) {
      text += raw[c];
      at.push({ line, character: c });
    }
    used = line;
    first = false;
    if (!cont) break;
  }
  const end = at.length > 0 ? after(at[at.length - 1]) : keywordEnd;
  return { args: { text, at, end }, lastLine: used };
}

/** Splits shell-like text into words, keeping quotes, with their offsets. */
function shellWords(text: string): { word: string; start: number; end: number }[] {
  const words: { word: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let quote = '';
    while (i < text.length && (quote || !/\s/.test(text[i]))) {
      const ch = text[i];
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === '\\' && quote === '"') i++;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === '\\') {
        i++;
      }
      i++;
    }
    words.push({ word: text.slice(start, Math.min(i, text.length)), start, end: i });
  }
  return words;
}

/** Leading `--name[=value]` flags, as buildkit strips them before the arguments proper. */
function stripFlags(t: Traced): { flags: Map<string, string>; rest: Traced } {
  const flags = new Map<string, string>();
  let restStart = 0;
  for (const w of shellWords(t.text)) {
    restStart = w.start;
    if (!w.word.startsWith('--')) break;
    restStart = w.end;
    if (w.word === '--') break;
    const eq = w.word.indexOf('=');
    const name = (eq < 0 ? w.word.slice(2) : w.word.slice(2, eq)).toLowerCase();
    flags.set(name, eq < 0 ? '' : unquote(w.word.slice(eq + 1)));
  }
  return { flags, rest: trimTraced(sliceTraced(t, restStart)) };
}

function unquote(word: string): string {
  const m = /^(["'])(.*)\1$/s.exec(word);
  return m ? m[2] : word;
}

/** Reads the heredoc bodies that follow an argument line, up to the instruction's last line. */
function readHeredocs(
  reader: Reader,
  argsLine: string,
  fromLine: number,
  lastLine: number,
): { heredocs: HeredocBody[]; lastLine: number; unterminated?: string } {
  const heredocs: HeredocBody[] = [];
  let line = fromLine;
  for (const w of shellWords(argsLine)) {
    const m = HEREDOC_WORD.exec(w.word);
    if (!m) continue;
    const [, , chomp, , name] = m;
    let text = '';
    const at: Position[] = [];
    const bodyStart = { line, character: 0 };
    let terminated = false;
    for (; line <= lastLine; line++) {
      const raw = reader.lines[line] ?? '';
      if ((chomp ? raw.replace(/^\t+/, '') : raw) === name) {
        terminated = true;
        line++;
        break;
      }
      // `<<-` strips the leading tabs of every line, as buildkit does for the file it writes.
      const first = chomp ? raw.length - raw.replace(/^\t+/, '').length : 0;
      for (let c = first; c < raw.length; c++) {
        text += raw[c];
        at.push({ line, character: c });
      }
      text += '\n';
      at.push({ line, character: raw.length });
    }
    const end = at.length > 0 ? after(at[at.length - 1]) : bodyStart;
    heredocs.push({ name, body: { text, at, end } });
    if (!terminated) return { heredocs, lastLine: lastLine, unterminated: name };
  }
  return { heredocs, lastLine: heredocs.length > 0 ? line - 1 : fromLine - 1 };
}

/** Appends the heredoc lines, verbatim and newline-separated, to the trimmed argument text. */
function appendLines(reader: Reader, head: Traced, fromLine: number, toLine: number): Traced {
  let text = head.text;
  const at = [...head.at];
  let end = head.end;
  for (let line = fromLine; line <= toLine; line++) {
    const raw = reader.lines[line] ?? '';
    text += '\n';
    at.push(end);
    for (let c = 0; c < raw.length; c++) {
      text += raw[c];
      at.push({ line, character: c });
    }
    end = { line, character: raw.length };
  }
  return { text, at, end };
}

function readLogical(reader: Reader, instr: AstInstruction): Logical {
  const keyword = instr.getKeyword().toUpperCase();
  const keywordRange = instr.getInstructionRange();
  const astEnd = instr.getRange().end.line;
  const { args, lastLine } = readArgumentLine(reader, keywordRange.end, astEnd);
  const trimmed = trimTraced(args);
  const logical: Logical = {
    keyword,
    keywordRange,
    args,
    heredocs: [],
    range: { start: keywordRange.start, end: trimmed.text ? trimmed.end : keywordRange.end },
  };
  // dockerfile-ast extends the instruction over heredoc bodies; Docker reads them only for
  // RUN, COPY and ADD in shell form.
  if (!HEREDOC_KEYWORDS.has(keyword) || lastLine >= astEnd) return logical;
  const command = stripFlags(args).rest;
  if (command.text.startsWith('[')) return logical;
  const read = readHeredocs(reader, command.text, lastLine + 1, astEnd);
  if (read.heredocs.length === 0) return logical;
  logical.heredocs = read.heredocs;
  logical.unterminatedHeredoc = read.unterminated;
  logical.heredocLines = { from: lastLine + 1, to: read.lastLine };
  logical.range.end = {
    line: read.lastLine,
    character: (reader.lines[read.lastLine] ?? '').length,
  };
  return logical;
}

// ---------------------------------------------------------------------------------------------
// Exec form, shell form, malformed

/** Offsets of the string tokens of a text already known to be a JSON array of strings. */
function jsonStringSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let i = text.indexOf('[') + 1;
  while (i < text.length) {
    if (text[i] !== '"') {
      i++;
      continue;
    }
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    spans.push({ start, end: i });
  }
  return spans;
}

/**
 * `[ -f /x ] && exec app` is a shell test, not a broken exec form: `[` stands alone as a word
 * and no comma separates elements. Exec-form attempts, even broken ones, have commas.
 */
function looksLikeShellTest(text: string): boolean {
  if (!/^\[\[?\s/.test(text)) return false;
  let quote = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ',') {
      return false;
    }
  }
  return true;
}

type Element = { kind: 'double' | 'single' | 'typographic' | 'bare'; value: string; raw: string };

interface BracketScan {
  elements: Element[];
  trailingComma: boolean;
  missingComma: boolean;
  emptyElement: boolean;
  unclosed: boolean;
  trailingText: string;
  badString?: string;
}

const OPEN_TYPOGRAPHIC = '\u201c\u201d\u2018\u2019\u201e';

/** Reads bracketed text leniently, to tell what keeps it from being a JSON string array. */
function scanBrackets(text: string): BracketScan {
  const scan: BracketScan = {
    elements: [],
    trailingComma: false,
    missingComma: false,
    emptyElement: false,
    unclosed: true,
    trailingText: '',
  };
  let i = 1;
  let expectValue = true;
  let sawComma = false;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === ']') {
      if (sawComma && expectValue) scan.trailingComma = true;
      scan.unclosed = false;
      i++;
      break;
    }
    if (ch === ',') {
      if (expectValue) scan.emptyElement = true;
      expectValue = true;
      sawComma = true;
      i++;
      continue;
    }
    if (!expectValue) scan.missingComma = true;
    expectValue = false;
    const start = i;
    let element: Element;
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      const raw = text.slice(start, i);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        scan.badString ??= raw;
        value = raw.slice(1, -1);
      }
      element = { kind: 'double', value, raw };
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close + 1;
      const raw = text.slice(start, i);
      element = { kind: 'single', value: raw.slice(1, close < 0 ? undefined : -1), raw };
    } else if (OPEN_TYPOGRAPHIC.includes(ch)) {
      i++;
      while (i < text.length && !OPEN_TYPOGRAPHIC.includes(text[i])) i++;
      const closed = i < text.length;
      if (closed) i++;
      const raw = text.slice(start, i);
      element = { kind: 'typographic', value: raw.slice(1, closed ? -1 : undefined), raw };
    } else {
      while (i < text.length && !/[\s,\]]/.test(text[i])) i++;
      const raw = text.slice(start, i);
      element = { kind: 'bare', value: raw, raw };
    }
    scan.elements.push(element);
  }
  scan.trailingText = text.slice(i).trim();
  return scan;
}

type Malformed = Extract<CommandForm, { kind: 'malformed' }>;

/** Why bracketed text is not exec form, and the words meant when they are plain to see. */
function classifyMalformed(text: string): Pick<Malformed, 'problem' | 'detail' | 'intended'> {
  const scan = scanBrackets(text);
  const words = scan.elements.map((e) => e.value);
  const structural =
    scan.unclosed || scan.trailingText !== '' || scan.emptyElement || scan.badString !== undefined;
  const bare = scan.elements.find((e) => e.kind === 'bare');
  if (bare) {
    return {
      problem: 'bare-word',
      detail: `${bare.raw} is not a double-quoted string, so the brackets are not a JSON array.`,
    };
  }
  const single = scan.elements.find((e) => e.kind === 'single');
  if (single) {
    return {
      problem: 'single-quotes',
      detail: `JSON strings take double quotes; ${single.raw} is in single quotes.`,
      intended: structural ? undefined : words,
    };
  }
  if (scan.trailingComma && !structural) {
    return {
      problem: 'trailing-comma',
      detail: 'JSON does not allow a comma after the last element.',
      intended: words,
    };
  }
  const typographic = scan.elements.find((e) => e.kind === 'typographic');
  let detail: string;
  if (typographic)
    detail = `${typographic.raw} is in typographic quotes, not straight double quotes.`;
  else if (scan.badString)
    detail = `${scan.badString} is not a valid JSON string (check its backslashes).`;
  else if (scan.unclosed) detail = 'The closing bracket is missing.';
  else if (scan.trailingText) detail = `Text follows the closing bracket: ${scan.trailingText}`;
  else if (scan.emptyElement) detail = 'Two commas have nothing between them.';
  else if (scan.missingComma) detail = 'A comma is missing between two elements.';
  else detail = 'The brackets do not hold a JSON array of strings.';
  const recoverable = !scan.trailingText && !scan.emptyElement && !scan.badString;
  return {
    problem: 'other',
    detail,
    intended: recoverable && words.length > 0 ? words : undefined,
  };
}

/** Docker's rule: JSON array of strings is exec form; anything else runs through the shell. */
function commandForm(args: Traced): CommandForm {
  const t = trimTraced(args);
  const text = t.text;
  if (!text.startsWith('[')) return { kind: 'shell', mapped: toMapped(t) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (looksLikeShellTest(text)) return { kind: 'shell', mapped: toMapped(t) };
    return { kind: 'malformed', mapped: toMapped(t), ...classifyMalformed(text) };
  }
  if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) {
    const spans = jsonStringSpans(text);
    const execArgs: ExecArg[] = parsed.map((value: string, k) => ({
      value,
      range: rangeOf(t, spans[k].start, spans[k].end),
    }));
    return { kind: 'exec', args: execArgs };
  }
  // Valid JSON but not all strings (`["sleep", 10]`): buildkit refuses to build it.
  const scalars =
    Array.isArray(parsed) &&
    parsed.every((v) => ['string', 'number', 'boolean'].includes(typeof v));
  return {
    kind: 'malformed',
    mapped: toMapped(t),
    problem: 'other',
    detail: 'Every element must be a string; Docker refuses to build an array with other values.',
    intended: scalars ? (parsed as unknown[]).map((v) => String(v)) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Variables

/** A variable's value: a string, `null` when declared without a default, absent when unknown. */
type Lookup = (name: string) => string | null | undefined;

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Substitutes the variables whose values are known. A bare `$X` or `${X}` with no known value
 * stays as written (a build argument may set it); `${X:-word}` and friends take the value the
 * build gets when no build argument is passed.
 */
function substitute(text: string, lookup: Lookup, escapeChar: string): string {
  const re = new RegExp(`${escapeRegExp(escapeChar)}\\$|${VARIABLE.source}`, 'g');
  return text.replace(re, (match, braced?: string, op?: string, word?: string, plain?: string) => {
    if (match === `${escapeChar}$`) return '$';
    const name = braced ?? plain ?? '';
    const value = lookup(name);
    if (!op) return typeof value === 'string' ? value : match;
    const set = typeof value === 'string' && (op.startsWith(':') ? value !== '' : true);
    if (op.endsWith('-')) return set ? (value as string) : (word ?? '');
    return set ? (word ?? '') : '';
  });
}

// ---------------------------------------------------------------------------------------------
// The model

type Problems = DockerfileModel['problems'];

interface BuildState {
  reader: Reader;
  escapeChar: string;
  stages: Stage[];
  globalArgs: Map<string, string | null>;
  problems: Problems;
}

function newStage(state: BuildState, logical: Logical): Stage {
  const { rest } = stripFlags(logical.args);
  const words = shellWords(rest.text);
  const raw = words[0]?.word ?? '';
  const lookup: Lookup = (name) => state.globalArgs.get(name);
  const baseImage = substitute(raw, lookup, state.escapeChar);
  const index = state.stages.length;
  let name: string | undefined;
  if (words.length >= 3 && words[1].word.toLowerCase() === 'as') {
    name = words[2].word.toLowerCase();
    if (!/^[a-z][a-z0-9-_.]*$/.test(name)) {
      state.problems.push({
        message: `The stage name "${words[2].word}" is not valid: use a letter, then letters, digits, "-", "_" or ".".`,
        range: rangeOf(rest, words[2].start, words[2].end),
      });
    } else if (state.stages.some((s) => s.name === name)) {
      state.problems.push({
        message: `The stage name "${name}" is used twice.`,
        range: rangeOf(rest, words[2].start, words[2].end),
      });
    }
  } else if (words.length > 1) {
    state.problems.push({
      message: 'FROM takes an image and optionally "AS name"; the rest is not understood.',
      range: rangeOf(rest, words[1].start, words[words.length - 1].end),
    });
  }
  if (!raw) {
    state.problems.push({ message: 'FROM has no image.', range: logical.range });
  }
  const parent = state.stages.find(
    (s) => s.name !== undefined && s.name === baseImage.toLowerCase(),
  );
  const inheritedWorkdir = parent?.workdir;
  return {
    index,
    name,
    baseImage,
    baseImageRaw: raw,
    parentStage: parent?.index,
    fromRange: logical.range,
    allCommands: [],
    runs: [],
    copies: [],
    workdir: inheritedWorkdir,
    env: {},
    range: logical.range,
  };
}

function commandInstruction(logical: Logical): CommandInstruction {
  const form = commandForm(logical.args);
  const trimmed = trimTraced(logical.args);
  return {
    keyword: logical.keyword as CommandInstruction['keyword'],
    form,
    range: logical.range,
    keywordRange: logical.keywordRange,
    argsRange:
      trimmed.text.length > 0
        ? rangeOf(trimmed)
        : { start: logical.keywordRange.end, end: logical.keywordRange.end },
  };
}

function copyInstruction(logical: Logical): CopyInstruction {
  const { flags, rest } = stripFlags(logical.args);
  let words: string[] | undefined;
  if (rest.text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest.text);
      if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) words = parsed;
    } catch {
      // Not JSON: buildkit reads it as whitespace-separated words, as below.
    }
  }
  words ??= shellWords(rest.text)
    .map((w) => w.word)
    .filter((w) => !HEREDOC_WORD.test(w))
    .map(unquote);
  const copy: CopyInstruction = {
    keyword: logical.keyword as CopyInstruction['keyword'],
    sources: words.slice(0, -1),
    destination: words.length > 0 ? words[words.length - 1] : '',
    range: logical.range,
  };
  if (logical.heredocs.length > 0) {
    copy.heredocs = logical.heredocs.map((h) => ({ name: h.name, mapped: toMapped(h.body) }));
  }
  const from = flags.get('from');
  if (from !== undefined) copy.from = from;
  const chmod = flags.get('chmod');
  if (chmod !== undefined) copy.chmod = chmod;
  return copy;
}

/** An ENV value in force in the stage, looking up through `FROM <stage>` parents. */
function envValue(stages: Stage[], stage: Stage, name: string): string | undefined {
  for (let s: Stage | undefined = stage; s;) {
    if (Object.prototype.hasOwnProperty.call(s.env, name)) return s.env[name];
    s = s.parentStage === undefined ? undefined : stages[s.parentStage];
  }
  return undefined;
}

function resolveWorkdir(current: string | undefined, value: string, env: Lookup, esc: string) {
  const expanded = unquote(substitute(value.trim(), env, esc));
  if (expanded === '') return current;
  if (expanded.startsWith('/')) return posix.normalize(expanded).replace(/(.)\/$/, '$1');
  // A relative WORKDIR builds on the one before; on an unknown base image that one is unknown.
  if (current === undefined) return undefined;
  return posix.join(current, expanded).replace(/(.)\/$/, '$1');
}

function addToStage(state: BuildState, stage: Stage, logical: Logical, instr: AstInstruction) {
  switch (logical.keyword) {
    case 'ENTRYPOINT':
    case 'CMD': {
      const command = commandInstruction(logical);
      stage.allCommands.push(command);
      if (logical.keyword === 'CMD') stage.cmd = command;
      else stage.entrypoint = command;
      if (logical.args.text.trim() === '') {
        state.problems.push({
          message: `${logical.keyword} has no arguments.`,
          range: logical.keywordRange,
        });
      }
      break;
    }
    case 'SHELL': {
      const command = commandInstruction(logical);
      stage.shell = command;
      if (command.form.kind !== 'exec') {
        state.problems.push({
          message: 'SHELL must be written as a JSON array of strings, like ["/bin/bash", "-c"].',
          range: command.argsRange,
        });
      }
      break;
    }
    case 'STOPSIGNAL': {
      const value = trimTraced(logical.args);
      const stop: StopSignalInstruction = {
        value: value.text,
        range: logical.range,
        valueRange: rangeOf(value),
      };
      stage.stopSignal = stop;
      break;
    }
    case 'RUN': {
      const { rest } = stripFlags(logical.args);
      const lines = logical.heredocLines;
      const text = lines ? appendLines(state.reader, rest, lines.from, lines.to) : rest;
      const run: RunInstruction = { mapped: toMapped(text), range: logical.range };
      stage.runs.push(run);
      break;
    }
    case 'COPY':
    case 'ADD':
      stage.copies.push(copyInstruction(logical));
      break;
    case 'ENV':
      if (instr instanceof AstEnv) {
        for (const p of instr.getProperties()) stage.env[p.getName()] = p.getValue() ?? '';
      }
      break;
    case 'WORKDIR': {
      const env: Lookup = (name) => envValue(state.stages, stage, name);
      stage.workdir = resolveWorkdir(stage.workdir, logical.args.text, env, state.escapeChar);
      break;
    }
    default:
      break;
  }
}

function readGlobalArg(state: BuildState, instr: AstInstruction) {
  if (!(instr instanceof AstArg)) return;
  for (const p of instr.getProperties()) {
    const value = p.getValue();
    const lookup: Lookup = (name) => state.globalArgs.get(name);
    state.globalArgs.set(
      p.getName(),
      value === null ? null : substitute(value, lookup, state.escapeChar),
    );
  }
}

/** Docker accepts only `\` and backtick; dockerfile-ast falls back to `\` for anything else. */
function checkEscapeDirective(state: BuildState, ast: ReturnType<typeof DockerfileParser.parse>) {
  for (const d of ast.getDirectives()) {
    if (d.getName().toLowerCase() === 'escape' && !['\\', '`'].includes(d.getValue())) {
      state.problems.push({
        message: `The escape directive takes \\ or \`, not "${d.getValue()}"; Docker refuses to build.`,
        range: d.getValueRange(),
      });
    }
  }
}

/** Keeps control characters of a binary file out of messages. */
function printable(word: string): string {
  const shown = word.length > 40 ? `${word.slice(0, 40)}…` : word;
  let out = '';
  for (const c of shown) {
    const code = c.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    out += control ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

function emptyModel(path: string, text: string): DockerfileModel {
  // Lone CRs end lines too, as in the editor and in dockerfile-ast's positions.
  const lines = splitLines(text);
  return { path, stages: [], escapeChar: '\\', lines, eol: detectEol(text), problems: [] };
}

/**
 * Parses a Dockerfile. Never throws: whatever the input (empty, binary, no FROM), the result is
 * a model, with what went wrong in `problems`.
 */
export function parseDockerfile(path: string, text: string): DockerfileModel {
  try {
    return parse(path, text);
  } catch (e) {
    const model = emptyModel(path, text);
    const zero = { line: 0, character: 0 };
    model.problems.push({
      message: `The Dockerfile could not be read: ${e instanceof Error ? e.message : String(e)}`,
      range: { start: zero, end: zero },
    });
    return model;
  }
}

function parse(path: string, text: string): DockerfileModel {
  const model = emptyModel(path, text);
  const ast = DockerfileParser.parse(text);
  const escapeChar = ast.getEscapeCharacter();
  const reader: Reader = {
    lines: model.lines,
    continuation: new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`),
  };
  const state: BuildState = {
    reader,
    escapeChar,
    stages: [],
    globalArgs: new Map(),
    problems: model.problems,
  };
  checkEscapeDirective(state, ast);
  let firstInstruction: Range | undefined;
  for (const instr of ast.getInstructions()) {
    const logical = readLogical(reader, instr);
    firstInstruction ??= logical.range;
    if (logical.heredocLines) (model.heredocLines ??= []).push(logical.heredocLines);
    if (!KNOWN_KEYWORDS.has(logical.keyword)) {
      state.problems.push({
        message: `Unknown instruction ${printable(instr.getInstruction())}.`,
        range: logical.keywordRange,
      });
      continue;
    }
    if (logical.unterminatedHeredoc) {
      state.problems.push({
        message: `The heredoc ${logical.unterminatedHeredoc} has no terminating line.`,
        range: logical.range,
      });
    }
    if (logical.keyword === 'FROM') {
      const stage = newStage(state, logical);
      state.stages.push(stage);
      continue;
    }
    const stage = state.stages[state.stages.length - 1];
    if (!stage) {
      if (logical.keyword === 'ARG') readGlobalArg(state, instr);
      else {
        state.problems.push({
          message: `${logical.keyword} comes before the first FROM; only ARG may.`,
          range: logical.keywordRange,
        });
      }
      continue;
    }
    addToStage(state, stage, logical, instr);
    stage.range = { start: stage.range.start, end: logical.range.end };
  }
  if (state.stages.length === 0) {
    const zero = { line: 0, character: 0 };
    state.problems.push({
      message: 'The Dockerfile has no FROM instruction.',
      range: firstInstruction ?? { start: zero, end: zero },
    });
  }
  model.stages = state.stages;
  model.escapeChar = escapeChar;
  return model;
}

// ---------------------------------------------------------------------------------------------
// Stages and inheritance

/** An instruction together with the index of the stage it is written in. */
export interface InStage<T> {
  instr: T;
  stage: number;
}

/** ENTRYPOINT, CMD, SHELL and STOPSIGNAL in force for a stage, inheritance resolved. */
export interface EffectiveCommands {
  entrypoint?: InStage<CommandInstruction>;
  cmd?: InStage<CommandInstruction>;
  shell?: InStage<CommandInstruction>;
  stopSignal?: InStage<StopSignalInstruction>;
  /** The SHELL in force where the effective ENTRYPOINT / CMD is written: the one a shell form
   *  of it runs under (Docker fixes it when it reads the instruction; a later SHELL does not
   *  change it). Absent: the base image's shell, `/bin/sh -c` unless the image says. */
  entrypointShell?: InStage<CommandInstruction>;
  cmdShell?: InStage<CommandInstruction>;
  /** The ENTRYPOINT that dropped an inherited CMD (from an earlier stage or the base image). */
  cmdResetBy?: InStage<CommandInstruction>;
  /** Stage indices from the stage built on an image down to the asked stage; empty when the
   *  index is not a stage. */
  chain: number[];
}

/**
 * Resolves what a stage inherits through `FROM <stage>`: a later CMD or ENTRYPOINT overrides an
 * earlier one, and an ENTRYPOINT resets the CMD inherited from the stage's base (Docker's
 * reference: "If CMD is defined from the base image, setting ENTRYPOINT will reset CMD to an
 * empty value"). A CMD written before the ENTRYPOINT in the same stage survives: buildkit only
 * clears CMD when the stage has not set one yet.
 */
export function effectiveCommands(model: DockerfileModel, stageIndex: number): EffectiveCommands {
  const chain: number[] = [];
  let current: Stage | undefined = model.stages[stageIndex];
  // parentStage always points to an earlier stage, so the walk ends; the check guards against
  // a model built by hand.
  while (current && !chain.includes(current.index)) {
    chain.unshift(current.index);
    current = current.parentStage === undefined ? undefined : model.stages[current.parentStage];
  }
  const result: EffectiveCommands = { chain };
  for (const index of chain) {
    const stage = model.stages[index];
    let cmdSet = false;
    for (const instr of stage.allCommands) {
      if (instr.keyword === 'CMD') {
        result.cmd = { instr, stage: index };
        result.cmdResetBy = undefined;
        cmdSet = true;
      } else if (instr.keyword === 'ENTRYPOINT') {
        result.entrypoint = { instr, stage: index };
        if (!cmdSet) {
          result.cmd = undefined;
          result.cmdResetBy = { instr, stage: index };
        }
      }
    }
    if (stage.shell) result.shell = { instr: stage.shell, stage: index };
    if (stage.stopSignal) result.stopSignal = { instr: stage.stopSignal, stage: index };
  }
  if (result.entrypoint) result.entrypointShell = shellInForce(model, result.entrypoint);
  if (result.cmd) result.cmdShell = shellInForce(model, result.cmd);
  return result;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The SHELL written before an instruction: in its own stage, then up the `FROM <stage>` chain.
 * The model keeps only the last SHELL of each stage, so when a stage has several and the last
 * one comes after the instruction, an earlier SHELL of that same stage is not seen.
 */
function shellInForce(
  model: DockerfileModel,
  at: InStage<CommandInstruction>,
): InStage<CommandInstruction> | undefined {
  const own = model.stages[at.stage];
  if (own.shell && before(own.shell.range.start, at.instr.range.start)) {
    return { instr: own.shell, stage: at.stage };
  }
  const seen = new Set<number>([at.stage]);
  for (let p = own.parentStage; p !== undefined && !seen.has(p); p = model.stages[p].parentStage) {
    seen.add(p);
    const shell = model.stages[p].shell;
    if (shell) return { instr: shell, stage: p };
  }
  return undefined;
}

/** The stage `docker build` builds without `--target`: the last one. */
export function finalStage(model: DockerfileModel): Stage | undefined {
  return model.stages[model.stages.length - 1];
}

/** The stage `docker build --target <target>` builds (names match case-insensitively). */
export function stageByTarget(model: DockerfileModel, target: string): Stage | undefined {
  const wanted = target.toLowerCase();
  return model.stages.find((s) => s.name === wanted);
}
