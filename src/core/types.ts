/**
 * The shared vocabulary of the core. Positions are 0-based (line and UTF-16 character), as in
 * VS Code and LSP; presenters that need 1-based positions (the CLI, SARIF) convert at the edge.
 * Ranges are half-open: `end` is the first character after the range.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** The rule ids of DESIGN.md. They are a public interface: never rename one. */
export const RULE_IDS = [
  'shell-form',
  'malformed-exec-form',
  'cmd-ignored',
  'missing-init',
  'package-manager-pid1',
  'shell-without-exec',
  'script-without-exec',
  'shell-operators-without-shell',
  'init-not-pid1',
  'double-init',
  'init-installed-unused',
  'exit-code-143',
  'stop-signal',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type FileKind = 'dockerfile' | 'compose' | 'script';

/** One file handed to the core, with its text as the user has it now (saved or not). */
export interface SourceFile {
  /** Absolute path, with forward slashes. */
  path: string;
  text: string;
  kind: FileKind;
}

/**
 * How the core reads files it was not handed (a package.json in a build context, an entrypoint
 * script that a Dockerfile COPYs). Synchronous and side-effect free; returns undefined when the
 * file does not exist or cannot be read. The editor overlays its open documents on the disk.
 */
export interface FileReader {
  readFile(path: string): string | undefined;
}

/** A place in a file, with a note on what it has to do with a finding. */
export interface Location {
  path: string;
  range: Range;
}

export interface RelatedInformation extends Location {
  message: string;
}

export interface TextEdit extends Location {
  newText: string;
}

export interface Fix {
  /** Sentence case, short, like VS Code's own quick fixes: "Convert to exec form". */
  title: string;
  /** Safe fixes keep the same program, arguments and environment; only the process tree changes. */
  safe: boolean;
  /** The one best action for the finding, if any. */
  preferred?: boolean;
  edits: TextEdit[];
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  related: RelatedInformation[];
  fixes: Fix[];
}

export type RuleSetting = 'off' | Severity;

/** `.pid1-doctor.json`, and the editor's `pid1.rules` merged over it. */
export interface Config {
  rules: Partial<Record<RuleId, RuleSetting>>;
}
