/**
 * What the parsers hand to the launch planner. Each parser owns one file kind; the planner only
 * reads these shapes, so a parser can change how it reads text without the rules noticing.
 */
import type { Range } from '../types';

// ---------------------------------------------------------------------------------------------
// Shell text (src/core/parse/shell.ts)

/** A word of a simple command, with its offsets in the analysed shell text (half-open). */
export interface ShellWord {
  /** The word's raw source text, quotes included: `"$APP"`. */
  raw: string;
  /** The word's value when it is fully literal after quote removal (`'a b'` -> `a b`); undefined
   *  when it holds an expansion, a command substitution or a glob. */
  literal: string | undefined;
  start: number;
  end: number;
}

/** One simple command (`FOO=1 exec node app.js > log`). */
export interface SimpleCommand {
  /** Environment assignments before the command words (`FOO=1`). */
  assignments: ShellWord[];
  /** The command words, `exec` included when written. */
  words: ShellWord[];
  /** Whether the command is `exec <something>` (the first word is literally `exec`). */
  isExec: boolean;
  /** Whether the command has redirections (`> log`, `2>&1`, `<<EOF`). */
  hasRedirections: boolean;
  start: number;
  end: number;
}

/**
 * The shape of the last command that the shell runs at the top level of a `sh -c` string or a
 * script: this is the command that could be exec'd, and that a fix may put `exec` in front of.
 */
export interface LastCommand {
  command: SimpleCommand;
  /** How the last command is reached from the top-level list. `plain`: the list is that command
   *  alone, or it follows `;`, `&&`, `||` or a newline at the top level. Anything else blocks a
   *  safe `exec` insertion. */
  context: 'plain' | 'pipeline' | 'subshell' | 'loop' | 'if' | 'background' | 'function' | 'other';
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '>' | '>>' | '<' | '2>' | 'newline';

export interface ShellAnalysis {
  /** The text could not be parsed: the message and the offset where the parser stopped. */
  error?: { message: string; offset: number };
  /** Top-level simple commands, in order (commands nested in pipelines, subshells or loops are
   *  listed too, in source order; `last` tells the context of the final one). */
  commands: SimpleCommand[];
  /** The last command run at the top level, or undefined if there is none (empty text, or the
   *  text ends in a compound command with no simple command at the end). */
  last?: LastCommand;
  /** Set when the whole text is one simple command without expansions, globs, redirections or
   *  assignments: the literal words, ready for exec form. */
  singleSimpleCommand?: string[];
  /** Control and redirection operators written at the top level, with their offsets. */
  operators: { op: ShellOperator; start: number; end: number }[];
  /** Whether any `$VAR`, `${...}`, `$(...)` or backquote expansion appears. */
  hasExpansions: boolean;
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles (src/core/parse/dockerfile.ts)

/**
 * Shell text taken from a Dockerfile or compose file, with a map back to the source: the
 * analysed text has line continuations and interleaved comment lines removed, so offsets in it
 * are not offsets in the file. `toRange` converts a half-open span of `text` into a file range.
 */
export interface MappedText {
  text: string;
  toRange(start: number, end: number): Range;
}

/** One element of an exec-form array, with its range in the file (quotes included). */
export interface ExecArg {
  value: string;
  range: Range;
}

export type CommandForm =
  /** `CMD ["node", "app.js"]`, valid JSON array of strings. */
  | { kind: 'exec'; args: ExecArg[] }
  /** `CMD node app.js`. `mapped.text` is the command text (after the escape char and
   *  continuations are resolved), as Docker passes it to the SHELL. */
  | { kind: 'shell'; mapped: MappedText }
  /** Bracketed text that is not a valid JSON string array; Docker runs it as shell form.
   *  `problem` says why (single quotes, bare word, trailing comma, ...); `intended` is the word
   *  list the user most likely meant, when it can be recovered without guessing. */
  | {
      kind: 'malformed';
      mapped: MappedText;
      problem: 'single-quotes' | 'trailing-comma' | 'bare-word' | 'other';
      detail: string;
      intended?: string[];
    };

export interface CommandInstruction {
  keyword: 'ENTRYPOINT' | 'CMD' | 'SHELL';
  form: CommandForm;
  /** The whole instruction, keyword to last argument. */
  range: Range;
  /** The keyword alone. */
  keywordRange: Range;
  /** Everything after the keyword (the range a rewrite of the arguments replaces). */
  argsRange: Range;
}

export interface StopSignalInstruction {
  value: string;
  range: Range;
  valueRange: Range;
}

export interface RunInstruction {
  /** The command text; for heredocs, the heredoc bodies are included. */
  mapped: MappedText;
  range: Range;
}

export interface CopyInstruction {
  keyword: 'COPY' | 'ADD';
  /** Source paths as written (relative to the build context), without flags. */
  sources: string[];
  destination: string;
  /** `--from=stage` when present. */
  from?: string;
  /** `--chmod=...` when present. */
  chmod?: string;
  /** The here-documents of `COPY <<EOF /dest` (their names are not in `sources`): each body as
   *  the file it becomes, mapped to its lines. */
  heredocs?: { name: string; mapped: MappedText }[];
  range: Range;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as Docker does. */
  name?: string;
  /** The image or stage after FROM, with ARG defaults substituted where they are known. */
  baseImage: string;
  /** The FROM text as written (`node:${NODE_VERSION}-slim`). */
  baseImageRaw: string;
  /** The stage this one builds on, when `FROM <earlier stage>`. */
  parentStage?: number;
  fromRange: Range;
  /** The last ENTRYPOINT, CMD, SHELL, STOPSIGNAL written in this stage (not inherited). */
  entrypoint?: CommandInstruction;
  cmd?: CommandInstruction;
  shell?: CommandInstruction;
  stopSignal?: StopSignalInstruction;
  /** Every ENTRYPOINT/CMD written in the stage, in order (an earlier one is overridden). */
  allCommands: CommandInstruction[];
  runs: RunInstruction[];
  copies: CopyInstruction[];
  /** WORKDIR in force at the end of the stage, when known. */
  workdir?: string;
  /** ENV set in the stage (last value wins). */
  env: Record<string, string>;
  /** The whole stage, FROM to its last instruction. */
  range: Range;
}

export interface DockerfileModel {
  path: string;
  stages: Stage[];
  /** `# escape=` directive value, default backslash. */
  escapeChar: string;
  /** Lines of the file, for presenters and fixes (without line terminators). */
  lines: string[];
  /** The line terminator the file mostly uses. */
  eol: '\n' | '\r\n';
  /** Problems the parser met (unknown instruction, empty FROM); reported, never thrown. */
  problems: { message: string; range: Range }[];
  /** Lines holding heredoc bodies and terminators (0-based, inclusive): text of a RUN or COPY,
   *  where a `#` line is content, not a Dockerfile comment. */
  heredocLines?: { from: number; to: number }[];
}

// ---------------------------------------------------------------------------------------------
// Compose files (src/core/parse/compose.ts)

/** A scalar value of the compose file, with the range of the value node itself. */
export interface Located<T> {
  value: T;
  range: Range;
}

/** `command:` or `entrypoint:`: a string (compose splits it into words, no shell) or a list. */
export type ComposeCommand =
  | { kind: 'string'; value: string; mapped: MappedText; range: Range }
  | { kind: 'list'; args: ExecArg[]; range: Range };

export interface ComposeService {
  name: string;
  /** The range of the service's key (`web:`), where service-level findings land. */
  keyRange: Range;
  /** The range of the whole service mapping. */
  range: Range;
  /** Indentation (in spaces) of the service's own keys, for fixes that add a key. */
  keyIndent: number;
  /** Set when no key line can be added under the service as written: `flow` for a flow
   *  mapping (`web: {image: x}`), `alias` for `web: *other` (its keys are written elsewhere,
   *  and `keys` is empty). */
  layout?: 'flow' | 'alias';
  image?: Located<string>;
  build?: {
    /** Resolved against the compose file's folder; absolute, forward slashes. */
    context: string;
    /** Resolved path of the Dockerfile; absolute, forward slashes. */
    dockerfile: string;
    target?: string;
    range: Range;
    /** Set when the context is a git URL or a remote tarball: the builder fetches it, so
     *  `context` is the URL as written and `dockerfile` that URL, a slash and the Dockerfile's
     *  name, for messages only: neither is a local file. */
    remote?: true;
  };
  command?: ComposeCommand;
  entrypoint?: ComposeCommand;
  init?: Located<boolean>;
  stopSignal?: Located<string>;
  stopGracePeriod?: Located<string>;
  profiles?: string[];
  /** Service keys in the order written, with their ranges (for key-order-aware insertion). */
  keys: { key: string; range: Range }[];
  /** Set when values came from `extends:` in the same file or from a YAML merge key; the ranges
   *  of inherited values point where they are written. */
  extendsFrom?: string;
}

export interface ComposeModel {
  path: string;
  services: ComposeService[];
  lines: string[];
  eol: '\n' | '\r\n';
  /** YAML errors and compose shape errors; reported, never thrown. */
  problems: { message: string; range: Range }[];
}
