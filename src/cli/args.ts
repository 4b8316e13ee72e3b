/**
 * The command line, parsed into one of a few command shapes. Hand-written rather than
 * node:util's parseArgs so each mistake gets a message that names the flag and what it accepts.
 */
import { UsageError } from './errors';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

export interface CheckCommand {
  name: 'check';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  unsafeFixes: boolean;
  failOn: FailOn;
}

export interface ExplainCommand {
  name: 'explain';
  file: string;
  failOn: FailOn;
}

/** `demo` parses its own arguments: they are handed over as written. */
export interface DemoCommand {
  name: 'demo';
  args: string[];
}

export interface HelpCommand {
  name: 'help';
  /** The command to explain; undefined for the overview. */
  topic?: string;
}

export interface VersionCommand {
  name: 'version';
}

export type Command = CheckCommand | ExplainCommand | DemoCommand | HelpCommand | VersionCommand;

export const COMMANDS = ['check', 'explain', 'demo', 'help'] as const;

/** Reads `--name value` and `--name=value` alike, one token at a time. */
class Tokens {
  private index = 0;
  /** Set after `--`: everything left is a positional argument. */
  private positionalOnly = false;

  constructor(
    private readonly argv: readonly string[],
    private readonly command: string,
  ) {}

  /** The next token, with its flag name and inline value split when it is `--flag=value`. */
  next(): { flag?: string; inline?: string; positional?: string } | undefined {
    while (this.index < this.argv.length) {
      const token = this.argv[this.index++];
      if (this.positionalOnly) return { positional: token };
      if (token === '--') {
        this.positionalOnly = true;
        continue;
      }
      // A lone `-` would be stdin in other tools; it is a path here (and will not be found).
      if (token.startsWith('-') && token !== '-') {
        const eq = token.indexOf('=');
        return eq > 0 ? { flag: token.slice(0, eq), inline: token.slice(eq + 1) } : { flag: token };
      }
      return { positional: token };
    }
    return undefined;
  }

  /** The value of a flag that takes one: inline, or the next token. */
  value(flag: string, inline: string | undefined): string {
    if (inline !== undefined) return inline;
    const value = this.argv[this.index];
    if (value === undefined || (value.startsWith('--') && value.length > 2)) {
      throw new UsageError(`${flag} needs a value.`, this.command);
    }
    this.index++;
    return value;
  }

  noValue(flag: string, inline: string | undefined): void {
    if (inline !== undefined) {
      throw new UsageError(`${flag} takes no value (got "${flag}=${inline}").`, this.command);
    }
  }
}

function oneOf<T extends string>(
  flag: string,
  value: string,
  allowed: readonly T[],
  command: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}").`, command);
}

function isHelpFlag(flag: string): boolean {
  return flag === '--help' || flag === '-h';
}

function unknownFlag(flag: string, command: string): UsageError {
  return new UsageError(`Unknown option ${flag}.`, command);
}

function parseCheck(argv: readonly string[]): CheckCommand | HelpCommand {
  const tokens = new Tokens(argv, 'check');
  const command: CheckCommand = {
    name: 'check',
    paths: [],
    format: 'text',
    fix: false,
    unsafeFixes: false,
    failOn: 'warning',
  };
  for (let t = tokens.next(); t; t = tokens.next()) {
    if (t.positional !== undefined) {
      command.paths.push(t.positional);
      continue;
    }
    const flag = t.flag ?? '';
    if (isHelpFlag(flag)) return { name: 'help', topic: 'check' };
    switch (flag) {
      case '--format':
      case '-f':
        command.format = oneOf(flag, tokens.value(flag, t.inline), FORMATS, 'check');
        break;
      case '--fail-on':
        command.failOn = oneOf(flag, tokens.value(flag, t.inline), FAIL_ON, 'check');
        break;
      case '--fix':
        tokens.noValue(flag, t.inline);
        command.fix = true;
        break;
      case '--unsafe-fixes':
        tokens.noValue(flag, t.inline);
        command.unsafeFixes = true;
        break;
      default:
        throw unknownFlag(flag, 'check');
    }
  }
  if (command.unsafeFixes && !command.fix) {
    // Alone it would do nothing, which is never what the user meant.
    throw new UsageError('--unsafe-fixes only goes with --fix.', 'check');
  }
  if (command.paths.length === 0) command.paths.push('.');
  return command;
}

function parseExplain(argv: readonly string[]): ExplainCommand | HelpCommand {
  const tokens = new Tokens(argv, 'explain');
  const files: string[] = [];
  let failOn: FailOn = 'warning';
  for (let t = tokens.next(); t; t = tokens.next()) {
    if (t.positional !== undefined) {
      files.push(t.positional);
      continue;
    }
    const flag = t.flag ?? '';
    if (isHelpFlag(flag)) return { name: 'help', topic: 'explain' };
    if (flag === '--fail-on') {
      failOn = oneOf(flag, tokens.value(flag, t.inline), FAIL_ON, 'explain');
      continue;
    }
    throw unknownFlag(flag, 'explain');
  }
  if (files.length !== 1) {
    throw new UsageError(
      files.length === 0
        ? 'explain needs a FILE: a Dockerfile or a compose file.'
        : `explain takes one FILE (got ${files.length}).`,
      'explain',
    );
  }
  return { name: 'explain', file: files[0], failOn };
}

/**
 * Parses the arguments after the program name.
 *
 * @throws UsageError for anything the contract does not allow; `main` turns it into exit 2.
 */
export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw new UsageError('Missing command.');
  }
  if (first === '--version' || first === '-v') return { name: 'version' };
  if (isHelpFlag(first)) return { name: 'help' };
  switch (first) {
    case 'check':
      return parseCheck(rest);
    case 'explain':
      return parseExplain(rest);
    case 'demo':
      return { name: 'demo', args: rest };
    case 'help': {
      if (rest.length > 1) throw new UsageError('help takes at most one command name.');
      const topic = rest[0];
      if (topic !== undefined && !(COMMANDS as readonly string[]).includes(topic)) {
        throw new UsageError(`Unknown command "${topic}"; commands: ${COMMANDS.join(', ')}.`);
      }
      return { name: 'help', topic };
    }
    default:
      if (first.startsWith('-')) throw new UsageError(`Unknown option ${first}.`);
      throw new UsageError(`Unknown command "${first}"; commands: ${COMMANDS.join(', ')}.`);
  }
}
