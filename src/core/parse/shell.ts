/**
 * Shell text analysis for every rule that looks at a `sh -c` string, a shell-form instruction or
 * an entrypoint script. The text is read by a real shell parser (mvdan/sh, through its GopherJS
 * build `mvdan-sh`), never by regular expressions; this module turns its tree into the plain
 * shapes of model.ts, with offsets into the analysed JavaScript string.
 */
import { syntax } from 'mvdan-sh';
import type {
  ShAssign,
  ShBinaryCmd,
  ShCallExpr,
  ShCaseClause,
  ShDblQuoted,
  ShDeclClause,
  ShFile,
  ShFuncDecl,
  ShIfClause,
  ShLit,
  ShLoop,
  ShNode,
  ShParseError,
  ShParser,
  ShRedirect,
  ShSglQuoted,
  ShStmt,
  ShStmtList,
  ShWord,
  ShWrapperClause,
} from 'mvdan-sh';
import type { LastCommand, ShellAnalysis, ShellOperator, ShellWord, SimpleCommand } from './model';

// ---------------------------------------------------------------------------------------------
// Parsing

/** Converts a byte offset of the parser into an offset of the analysed string. */
type OffsetMap = (byteOffset: number) => number;

interface Parsers {
  bash: ShParser;
  posix: ShParser;
}

let parsers: Parsers | undefined;

// A parser is reusable after a failed parse, and making one costs five times a short parse.
function getParsers(): Parsers {
  parsers ??= {
    bash: syntax.NewParser(syntax.Variant(syntax.LangBash)),
    posix: syntax.NewParser(syntax.Variant(syntax.LangPOSIX)),
  };
  return parsers;
}

/**
 * Parses as Bash first, then as POSIX sh. Dockerfiles run `/bin/sh`, which is dash, BusyBox ash
 * or bash depending on the image, and users write bash-isms (`[[ ]]`, `source`, arrays) in CMD
 * lines all the time: rejecting them would hide the rest of the analysis. The Bash grammar
 * accepts nearly all POSIX text, but not all of it: `((cd x && make))` is two nested subshells to
 * sh and a broken arithmetic command to the Bash grammar (bash itself re-reads it as subshells),
 * and `export "$@"` is refused by its `export` syntax. The POSIX grammar covers those.
 *
 * The one place where the grammars disagree on valid text that matters here is `&>`: bash reads
 * `cmd &> log` as a redirection, dash as `cmd &` followed by `> log`. The Bash reading is kept.
 */
function parse(text: string, toOffset: OffsetMap): ShFile | { message: string; offset: number } {
  const { bash, posix } = getParsers();
  try {
    return bash.Parse(text, '');
  } catch (bashError) {
    if (bashError instanceof RangeError) {
      // The stack ran out (deep nesting, a very long `&&` chain): the POSIX grammar recurses the
      // same way, so it is not tried.
      return tooComplex(bashError);
    }
    try {
      return posix.Parse(text, '');
    } catch {
      return describeParseError(bashError, toOffset);
    }
  }
}

/** How the error of a text too deep for the parser or the tree walk begins: it may be valid,
 *  so callers report it as a limit of the analysis rather than as a mistake in the text. */
export const SHELL_TOO_COMPLEX = 'the text nests too deeply or chains too many commands';

function tooComplex(error: RangeError): { message: string; offset: number } {
  return { message: `${SHELL_TOO_COMPLEX} to be analysed (${error.message})`, offset: 0 };
}

/**
 * Limits checked before parsing, so the outcome does not depend on how much stack is left and
 * the editor never stalls: reading the parser's tree back costs about 1 ms per command on this
 * machine and grows faster than linearly for long `&&` chains (1000 in 0.4 s, 5000 in 80 s).
 * Real ENTRYPOINT/CMD lines and entrypoint scripts stay far below them.
 */
const MAX_SHELL_CHARS = 64 * 1024;
const MAX_CHAINED = 400;
const MAX_NESTED = 100;

function overLimits(text: string): { message: string; offset: number } | undefined {
  const chained = text.match(/&&|\|\||\|/g)?.length ?? 0;
  const nested = text.match(/\$\(|`|\(/g)?.length ?? 0;
  const why =
    text.length > MAX_SHELL_CHARS
      ? `${text.length} characters, more than ${MAX_SHELL_CHARS}`
      : chained > MAX_CHAINED
        ? `${chained} &&, || or | operators, more than ${MAX_CHAINED}`
        : nested > MAX_NESTED
          ? `${nested} substitutions or subshells, more than ${MAX_NESTED}`
          : undefined;
  return why ? { message: `${SHELL_TOO_COMPLEX} to be analysed (${why})`, offset: 0 } : undefined;
}

function describeParseError(
  error: unknown,
  toOffset: OffsetMap,
): { message: string; offset: number } {
  const parseError = error as Partial<ShParseError> | null;
  if (!parseError || typeof parseError.Error !== 'function') {
    // Not a syntax error but a fault inside the GopherJS runtime: report it rather than throw.
    return { message: `the shell parser failed: ${String(error)}`, offset: 0 };
  }

  // The Go error reads "name:line:col: message"; the position is reported apart.
  const message = parseError
    .Error()
    .replace(/^(?:[^:\n]*:)?\d+:\d+: /, '')
    .replace(/\bEOF\b/g, 'the end of the text');
  const pos = parseError.Pos;
  const offset = pos && typeof pos.Offset === 'function' ? toOffset(pos.Offset()) : 0;
  return { message, offset };
}

/**
 * The parser works on the UTF-8 encoding of the text, so its offsets count bytes. This maps them
 * back to UTF-16 code units; an offset inside a multi-byte character maps to that character.
 */
function byteOffsetMap(text: string): OffsetMap {
  if (!/[\u0080-\uffff]/.test(text)) {
    return (byteOffset) => byteOffset;
  }

  const unitAt: number[] = [];
  let index = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    for (let i = 0; i < bytes; i++) {
      unitAt.push(index);
    }
    index += char.length;
  }
  unitAt.push(text.length);
  return (byteOffset) => unitAt[Math.max(0, Math.min(byteOffset, unitAt.length - 1))];
}

// ---------------------------------------------------------------------------------------------
// Words

/**
 * Commands that only exist inside a shell: run without one (exec form, or after `exec`) they
 * fail with "not found", so they are never offered as an exec-form command nor get `exec`.
 */
const SHELL_ONLY_COMMANDS = new Set([
  '.',
  ':',
  'alias',
  'bg',
  'break',
  'builtin',
  'cd',
  'command',
  'continue',
  'declare',
  'eval',
  'exec',
  'exit',
  'export',
  'fg',
  'getopts',
  'hash',
  'jobs',
  'let',
  'local',
  'read',
  'readonly',
  'return',
  'set',
  'shift',
  'shopt',
  'source',
  'times',
  'trap',
  'type',
  'typeset',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'wait',
]);

/** Outside POSIX mode bash expands `~` after the `=` of an argument shaped like an assignment
 *  (`--x` is not, `x=~/y` is), and after a `:` following it. */
const ASSIGNMENT_TILDE = /^[A-Za-z_][A-Za-z0-9_]*\+?=(?:[^:]*:)*~/;

/** `{a,b}` or `{1..3}` once quoted and escaped characters are blanked out. */
const BRACE_EXPANSION = /\{[^{}]*(?:,|\.\.)[^{}]*\}/;

interface UnquotedText {
  value: string;
  /** The text with escaped characters blanked, so only active `{`, `,` and `}` remain. */
  skeleton: string;
  glob: boolean;
}

/** Quote removal for the unquoted part of a word, and whether it holds an active glob. */
function readUnquoted(raw: string): UnquotedText {
  let value = '';
  let skeleton = '';
  let glob = false;
  let bracketOpen = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '\\' && i + 1 < raw.length) {
      i++;
      // A backslash-newline is a line continuation: both characters vanish.
      value += raw[i] === '\n' ? '' : raw[i];
      skeleton += '_';
      continue;
    }
    if (char === '*' || char === '?') {
      glob = true;
    } else if (char === '[') {
      bracketOpen = true;
    } else if (char === ']' && bracketOpen) {
      glob = true;
    }
    value += char;
    skeleton += char;
  }
  return { value, skeleton, glob };
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, `\` and newline. */
function readDoubleQuoted(raw: string): string {
  return raw.replace(/\\([$`"\\\n])/g, (_match, char: string) => (char === '\n' ? '' : char));
}

/**
 * The value of a word after quote removal, or undefined when the shell would expand it:
 * parameters, substitutions, globs, brace expansion, a leading `~`, and `$'...'`/`$"..."`
 * (dash does not know them, so their value depends on the image's shell). In an assignment
 * value globs and braces stay literal, but `~` after `=` or `:` is expanded. Checked against
 * dash 0.5.12, bash 5.2 and BusyBox 1.35 ash word by word.
 */
function wordLiteral(parts: ShNode[], inAssignment: boolean): string | undefined {
  let value = '';
  let skeleton = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    switch (syntax.NodeType(part)) {
      case 'Lit': {
        const raw = (part as ShLit).Value;
        const read = readUnquoted(raw);
        if (i === 0 && (raw.startsWith('~') || ASSIGNMENT_TILDE.test(raw))) {
          return undefined;
        }
        if (inAssignment && raw.includes(':~')) {
          return undefined;
        }
        if (read.glob && !inAssignment) {
          return undefined;
        }
        value += read.value;
        skeleton += read.skeleton;
        break;
      }
      case 'SglQuoted': {
        const quoted = part as ShSglQuoted;
        if (quoted.Dollar) {
          return undefined;
        }
        value += quoted.Value;
        skeleton += '_';
        break;
      }
      case 'DblQuoted': {
        const quoted = part as ShDblQuoted;
        if (quoted.Dollar) {
          return undefined;
        }
        for (const inner of quoted.Parts) {
          if (syntax.NodeType(inner) !== 'Lit') {
            return undefined;
          }
          value += readDoubleQuoted((inner as ShLit).Value);
        }
        skeleton += '_';
        break;
      }
      default:
        return undefined;
    }
  }
  if (!inAssignment && BRACE_EXPANSION.test(skeleton)) {
    return undefined;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// From the tree to model.ts

const EXPANSION_NODES = new Set(['ParamExp', 'CmdSubst', 'ArithmExp', 'ArithmCmd', 'ProcSubst']);

/** Longest first, so that `>>` is not read as `>`. */
const REDIRECT_TOKENS = ['&>>', '<<<', '<<-', '&>', '>>', '>&', '>|', '<<', '<&', '<>', '>', '<'];

/** Reads one parsed text; keeps one SimpleCommand object per command so `last` is one of
 *  `commands`. */
class TreeReader {
  private readonly simple = new Map<number, SimpleCommand>();

  constructor(
    private readonly text: string,
    readonly toOffset: OffsetMap,
  ) {}

  start(node: ShNode): number {
    return this.toOffset(node.Pos().Offset());
  }

  end(node: ShNode): number {
    return this.toOffset(node.End().Offset());
  }

  word(word: ShWord): ShellWord {
    return this.shellWord(word, wordLiteral(word.Parts, false));
  }

  /** `NAME=value` before a command, or an argument of `export`/`local`/`declare`. */
  assignment(assign: ShAssign): ShellWord {
    let literal: string | undefined;
    if (assign.Index || assign.Array) {
      literal = undefined;
    } else if (assign.Naked) {
      literal = assign.Name
        ? assign.Name.Value
        : assign.Value
          ? wordLiteral(assign.Value.Parts, false)
          : undefined;
    } else {
      const value = assign.Value ? wordLiteral(assign.Value.Parts, true) : '';
      const name = `${assign.Name?.Value ?? ''}${assign.Append ? '+=' : '='}`;
      literal = value === undefined ? undefined : name + value;
    }
    return this.shellWord(assign, literal);
  }

  /** The simple command a statement runs, or undefined when it runs something else. */
  simpleCommand(stmt: ShStmt): SimpleCommand | undefined {
    const cmd = stmt.Cmd;
    if (!cmd) {
      return undefined;
    }
    const key = cmd.Pos().Offset();
    const known = this.simple.get(key);
    if (known) {
      return known;
    }

    let assignments: ShellWord[];
    let words: ShellWord[];
    const kind = syntax.NodeType(cmd);
    if (kind === 'CallExpr') {
      const call = cmd as ShCallExpr;
      assignments = call.Assigns.map((assign) => this.assignment(assign));
      words = call.Args.map((word) => this.word(word));
    } else if (kind === 'DeclClause') {
      // The Bash grammar gives `export A=1` its own node; to the shell it is a simple command.
      const decl = cmd as ShDeclClause;
      assignments = [];
      words = [
        this.shellWord(decl.Variant, decl.Variant.Value),
        ...decl.Args.map((arg) => this.assignment(arg)),
      ];
    } else {
      return undefined;
    }

    const spans: ShNode[] = [cmd, ...stmt.Redirs];
    const command: SimpleCommand = {
      assignments,
      words,
      isExec: words.length > 1 && words[0].literal === 'exec',
      hasRedirections: stmt.Redirs.length > 0,
      start: Math.min(...spans.map((node) => this.start(node))),
      end: Math.max(...spans.map((node) => this.end(node))),
    };
    this.simple.set(key, command);
    return command;
  }

  /** The operators of one top-level statement: its redirections and `&&`, `||`, `|` chains. */
  statementOperators(stmt: ShStmt, into: ShellAnalysis['operators']): void {
    for (const redirect of stmt.Redirs) {
      into.push(this.redirectOperator(redirect));
    }
    if (stmt.Cmd && syntax.NodeType(stmt.Cmd) === 'BinaryCmd') {
      const binary = stmt.Cmd as ShBinaryCmd;
      into.push(this.binaryOperator(binary));
      this.statementOperators(binary.X, into);
      this.statementOperators(binary.Y, into);
    }
  }

  /** `&&`, `||` or a pipe (`|&`, Bash's pipe of stdout and stderr, counts as a pipe). */
  binaryOperator(binary: ShBinaryCmd): ShellAnalysis['operators'][number] {
    const start = this.toOffset(binary.OpPos.Offset());
    const token = ['&&', '||', '|&', '|'].find((t) => this.text.startsWith(t, start)) ?? '|';
    const op: ShellOperator = token === '|&' ? '|' : (token as ShellOperator);
    return { op, start, end: start + token.length };
  }

  private redirectOperator(redirect: ShRedirect): ShellAnalysis['operators'][number] {
    const opStart = this.toOffset(redirect.OpPos.Offset());
    const token = REDIRECT_TOKENS.find((t) => this.text.startsWith(t, opStart)) ?? '>';
    const fd = redirect.N?.Value;
    let op: ShellOperator;
    if (token.startsWith('<')) {
      op = '<';
    } else if (token.endsWith('>>')) {
      op = '>>';
    } else {
      op = fd === '2' ? '2>' : '>';
    }
    const start = redirect.N ? this.start(redirect.N) : opStart;
    return { op, start, end: opStart + token.length };
  }

  private shellWord(node: ShNode, literal: string | undefined): ShellWord {
    const start = this.start(node);
    const end = this.end(node);
    return { raw: this.text.slice(start, end), literal, start, end };
  }
}

/** Function names are kept so a final call of one is not taken for a program to exec. */
function collect(file: ShFile, reader: TreeReader) {
  const commands: SimpleCommand[] = [];
  const functions = new Set<string>();
  let hasExpansions = false;
  syntax.Walk(file, (node) => {
    if (!node) {
      return true;
    }
    const kind = syntax.NodeType(node);
    if (kind === 'Stmt') {
      const command = reader.simpleCommand(node as ShStmt);
      if (command) {
        commands.push(command);
      }
    } else if (kind === 'FuncDecl') {
      functions.add((node as ShFuncDecl).Name.Value);
    } else if (EXPANSION_NODES.has(kind)) {
      hasExpansions = true;
    }
    return true;
  });
  commands.sort((a, b) => a.start - b.start);
  return { commands, functions, hasExpansions };
}

type Context = LastCommand['context'];

/** The last statement of a list that runs something: function definitions run nothing. */
function lastOfList(
  stmts: ShStmt[],
  context: Context | undefined,
  reader: TreeReader,
): LastCommand | undefined {
  const running = stmts.filter((stmt) => !stmt.Cmd || syntax.NodeType(stmt.Cmd) !== 'FuncDecl');
  const last = running[running.length - 1];
  return last && lastOfStatement(last, context, reader);
}

/**
 * Follows a statement down to the simple command it ends with. The outermost construct that
 * keeps the shell waiting (a pipeline, a subshell, a loop, ...) names the context.
 */
function lastOfStatement(
  stmt: ShStmt,
  outer: Context | undefined,
  reader: TreeReader,
): LastCommand | undefined {
  let context = outer;
  if (stmt.Background) {
    context ??= 'background';
  } else if (stmt.Negated || stmt.Coprocess) {
    // `! cmd` must wait to invert the status; an exec would lose it.
    context ??= 'other';
  }

  const cmd = stmt.Cmd;
  if (!cmd) {
    return undefined;
  }
  switch (syntax.NodeType(cmd)) {
    case 'CallExpr':
    case 'DeclClause': {
      const command = reader.simpleCommand(stmt);
      return command && { command, context: context ?? 'plain' };
    }
    case 'BinaryCmd': {
      const binary = cmd as ShBinaryCmd;
      const isPipe = reader.binaryOperator(binary).op === '|';
      return lastOfStatement(binary.Y, isPipe ? (context ?? 'pipeline') : context, reader);
    }
    case 'Block':
      // `{ ...; }` runs in the current shell (no fork), so its last command is the shell's own
      // last command: an exec there replaces the shell just as at the top level.
      return lastOfList((cmd as ShStmtList).Stmts, context, reader);
    case 'Subshell':
      return lastOfList((cmd as ShStmtList).Stmts, context ?? 'subshell', reader);
    case 'IfClause': {
      let clause = cmd as ShIfClause;
      while (clause.Else) {
        clause = clause.Else;
      }
      return lastOfList(clause.Then, context ?? 'if', reader);
    }
    case 'WhileClause':
    case 'ForClause':
      return lastOfList((cmd as ShLoop).Do, context ?? 'loop', reader);
    case 'CaseClause': {
      const items = (cmd as ShCaseClause).Items;
      const item = items[items.length - 1];
      return item && lastOfList(item.Stmts, context ?? 'other', reader);
    }
    case 'TimeClause':
    case 'CoprocClause': {
      const inner = (cmd as ShWrapperClause).Stmt;
      return inner ? lastOfStatement(inner, context ?? 'other', reader) : undefined;
    }
    default:
      // `[[ ]]`, `(( ))`, `let`, function definitions: no simple command to end with.
      return undefined;
  }
}

/** Separators and the operators inside each top-level statement, in source order. */
function topLevelOperators(
  stmts: ShStmt[],
  text: string,
  reader: TreeReader,
): ShellAnalysis['operators'] {
  const operators: ShellAnalysis['operators'] = [];
  stmts.forEach((stmt, index) => {
    reader.statementOperators(stmt, operators);
    if (stmt.Semicolon.IsValid()) {
      const start = reader.toOffset(stmt.Semicolon.Offset());
      operators.push({ op: text[start] === '&' ? '&' : ';', start, end: start + 1 });
      return;
    }
    const next = stmts[index + 1];
    if (next) {
      // The first newline after the statement ends it (after a heredoc's body, for a statement
      // that has one); a comment before it cannot hold a newline.
      const newline = text.indexOf('\n', reader.end(stmt));
      if (newline >= 0 && newline < reader.start(next)) {
        operators.push({ op: 'newline', start: newline, end: newline + 1 });
      }
    }
  });
  return operators.sort((a, b) => a.start - b.start);
}

/**
 * The literal words when the whole text is one plain simple command; a leading `exec` is
 * dropped, since exec form runs the program directly anyway.
 */
function singleSimpleCommand(stmts: ShStmt[], reader: TreeReader): string[] | undefined {
  const stmt = stmts.length === 1 ? stmts[0] : undefined;
  if (!stmt || stmt.Background || stmt.Negated || stmt.Coprocess || stmt.Redirs.length > 0) {
    return undefined;
  }
  if (!stmt.Cmd || syntax.NodeType(stmt.Cmd) !== 'CallExpr') {
    return undefined;
  }
  const command = reader.simpleCommand(stmt);
  if (!command || command.assignments.length > 0) {
    return undefined;
  }

  let literals: string[] = [];
  for (const word of command.words) {
    if (word.literal === undefined) {
      return undefined;
    }
    literals.push(word.literal);
  }
  if (literals[0] === 'exec') {
    // `exec -a name cmd` and friends change what runs; exec form has no way to say it.
    literals = literals.slice(1);
    if (literals[0]?.startsWith('-')) {
      return undefined;
    }
  }
  if (literals.length === 0 || SHELL_ONLY_COMMANDS.has(literals[0])) {
    return undefined;
  }
  return literals;
}

/**
 * Analyses a `sh -c` string or a whole script: its simple commands, the command it ends with,
 * its top-level operators and whether it expands anything. Never throws: a text the parser
 * rejects comes back with `error` set and every other field empty.
 */
export function analyzeShell(text: string): ShellAnalysis {
  // A lone UTF-16 surrogate has no UTF-8 form; the same-length U+FFFD keeps offsets aligned.
  const source = text.replace(/\p{Cs}/gu, '\uFFFD');
  const limit = overLimits(source);
  if (limit) return { error: limit, commands: [], operators: [], hasExpansions: false };
  const toOffset = byteOffsetMap(source);
  const parsed = parse(source, toOffset);
  if (!('Stmts' in parsed)) {
    return { error: parsed, commands: [], operators: [], hasExpansions: false };
  }
  try {
    return readTree(parsed, text, toOffset);
  } catch (error) {
    // The tree walks recurse once per nested command or `&&`; a text the parser still managed
    // can exhaust the stack here. Any other fault is reported the same way rather than thrown.
    const message =
      error instanceof RangeError
        ? tooComplex(error)
        : { message: `the shell parser failed: ${String(error)}`, offset: 0 };
    return { error: message, commands: [], operators: [], hasExpansions: false };
  }
}

function readTree(parsed: ShFile, text: string, toOffset: OffsetMap): ShellAnalysis {
  const reader = new TreeReader(text, toOffset);
  const { commands, functions, hasExpansions } = collect(parsed, reader);
  let last = lastOfList(parsed.Stmts, undefined, reader);
  const name = last?.command.words[0]?.literal;
  if (last && last.context === 'plain' && name !== undefined && functions.has(name)) {
    // `exec` only runs programs: `exec main` after `main() { ... }` fails with "not found".
    last = { command: last.command, context: 'function' };
  }

  const analysis: ShellAnalysis = {
    commands,
    operators: topLevelOperators(parsed.Stmts, text, reader),
    hasExpansions,
  };
  if (last) {
    analysis.last = last;
  }
  const single = singleSimpleCommand(parsed.Stmts, reader);
  if (single) {
    analysis.singleSimpleCommand = single;
  }
  return analysis;
}

/**
 * Where to write `exec ` so the shell replaces itself with its last command: the start of the
 * command's first word, after any `NAME=value` prefix. Measured with dash 0.5.12, bash 5.2 and
 * BusyBox 1.35 ash: `FOO=1 exec env` passes FOO=1 to env in all three, while `exec FOO=1 env`
 * fails with "exec: FOO=1: not found". A redirection written first (`>log node x`) also stays in
 * front, and applies to the exec'd program.
 *
 * Undefined when there is no last command, when it is already `exec`, when it is not reached
 * plainly (pipeline, subshell, loop, if, background, a function call), or when it is a shell
 * builtin such as `exit` or `wait`, which `exec` cannot run.
 */
export function execInsertionOffset(analysis: ShellAnalysis): number | undefined {
  const last = analysis.last;
  if (!last || last.context !== 'plain') {
    return undefined;
  }
  const first = last.command.words[0];
  if (!first || (first.literal !== undefined && SHELL_ONLY_COMMANDS.has(first.literal))) {
    return undefined;
  }
  return first.start;
}

// ---------------------------------------------------------------------------------------------
// Docker Compose string commands

/** How Docker Compose v2 splits a string `command:` or `entrypoint:`. */
export interface ComposeWords {
  /** The arguments compose passes to the container. */
  words: string[];
  /** Offset of the first character compose drops, when it stops at an operator. */
  droppedFrom?: number;
  /** The operator compose stopped at (`&&`, `;`, `|`, `>`, `2>`, ...). */
  operator?: string;
  /** Set when compose refuses the string (an open quote, a bare `(`): it then fails to load
   *  the file with "invalid command line string", and `words` is empty. */
  error?: string;
}

/** Longest first. */
const COMPOSE_STOP_TOKENS = ['&&', '||', '>>', '<<', ';', '&', '|', '>', '<'];

/** Whether a word is being read, and whether it was quoted (go-shellwords' `argType`). */
type Got = 'none' | 'unquoted' | 'quoted';

/**
 * Splits a compose string command the way compose v2 does: compose-go's `ShellCommand` calls
 * `shellwords.Parse` of mattn/go-shellwords v1.0.12 with its defaults (no environment and no
 * backquote expansion). That is not a shell:
 * - words split on space, tab, CR and LF; single quotes keep everything, backslashes included;
 * - a backslash escapes the next character everywhere else, inside double quotes too
 *   (`"a\b"` gives `ab`, where sh keeps the backslash);
 * - at the first unquoted `;`, `&`, `|`, `<` or `>` it stops and silently drops the rest; a word
 *   that starts with a digit right before `>` (the `2` of `2>`) is dropped too;
 * - `$VAR` and `$(...)` stay as written; inside `$(...)` and backquotes spaces and operators do
 *   not split or stop; a `(` anywhere else is an error.
 * Compose interpolates `${VAR}` and `$$` in the YAML value before this split; the text given
 * here is taken as already interpolated.
 */
export function splitComposeWords(text: string): ComposeWords {
  const words: string[] = [];
  let buf = '';
  let got: Got = 'none';
  let escaped = false;
  let single = false;
  let double = false;
  let backquote = false;
  let dollarParen = false;
  let wordStart = -1;

  const fail = (): ComposeWords => ({ words: [], error: 'invalid command line string' });

  for (let offset = 0; offset < text.length;) {
    const char = String.fromCodePoint(text.codePointAt(offset) ?? 0);
    const at = offset;
    offset += char.length;

    if (escaped) {
      buf += char;
      escaped = false;
      got = 'unquoted';
      continue;
    }
    const isSpace = char === ' ' || char === '\t' || char === '\r' || char === '\n';
    if (isSpace && !(single || double || backquote || dollarParen)) {
      if (got !== 'none') {
        words.push(buf);
        buf = '';
        got = 'none';
      }
      wordStart = -1;
      continue;
    }
    if (wordStart < 0) {
      wordStart = at;
    }
    if (isSpace) {
      buf += char;
      continue;
    }

    if (char === '\\') {
      if (single) {
        buf += char;
      } else {
        escaped = true;
      }
      continue;
    }
    if (char === '`' && !single && !double && !dollarParen) {
      // The backquote itself stays in the word; it only stops splitting until the next one.
      backquote = !backquote;
    } else if (char === ')' && !single && !double && !backquote) {
      // go-shellwords toggles here, so a bare `)` opens the state and ends in an error.
      dollarParen = !dollarParen;
    } else if (char === '(' && !single && !double && !backquote) {
      if (dollarParen || !buf.endsWith('$')) {
        return fail();
      }
      dollarParen = true;
      buf += char;
      continue;
    } else if (char === '"' && !single && !dollarParen) {
      if (double) {
        got = 'quoted';
      }
      double = !double;
      continue;
    } else if (char === "'" && !double && !dollarParen) {
      if (single) {
        got = 'quoted';
      }
      single = !single;
      continue;
    } else if (';&|<>'.includes(char) && !(single || double || backquote || dollarParen)) {
      let droppedFrom = at;
      let operator = COMPOSE_STOP_TOKENS.find((t) => text.startsWith(t, at)) ?? char;
      if (char === '>' && buf.length > 0 && buf[0] >= '0' && buf[0] <= '9') {
        // Meant as a file descriptor (`2>`): the word goes too.
        droppedFrom = wordStart;
        if (/^\d+$/.test(buf)) {
          operator = buf + operator;
        }
        got = 'none';
      }
      if (got !== 'none') {
        words.push(buf);
      }
      return { words, droppedFrom, operator };
    }

    got = 'unquoted';
    buf += char;
  }

  if (escaped || single || double || backquote || dollarParen) {
    return fail();
  }
  if (got !== 'none') {
    words.push(buf);
  }
  return { words };
}

// ---------------------------------------------------------------------------------------------
// Writing commands back

/**
 * Quotes a word for a POSIX shell, only when it needs it: `app.js` stays as is, `my app.js`
 * becomes `'my app.js'`, and a `'` inside is written `'\''`. A word shaped like `NAME=value`
 * is quoted too, so that as a command's first word it is not taken for an assignment.
 */
export function quoteForShell(word: string): string {
  if (/^[A-Za-z0-9_@%+:,./-]+$/.test(word)) {
    return word;
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) && !/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An exec-form array as users write it in a Dockerfile: `["node", "app.js"]`. */
export function toJsonExecForm(words: string[]): string {
  return `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
}
