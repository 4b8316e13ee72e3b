import * as fs from 'node:fs';
import * as path from 'node:path';
import { DemoError, type DemoOptions, runDemo } from '../demo/demo';
import { fixedDockerfile } from '../demo/fixes';
import { diskReader, readRegularFile, toCorePath } from '../host/disk-reader';
import { describeFsError } from './errors';
import { imageReferenceProblem } from '../demo/reference';
import { renderJson, renderText, type DemoReport } from '../demo/report';

/** Where the command prints: a function, or anything with `write` (the CLI's own CliOutput). */
export type DemoSink = ((text: string) => void) | { write(text: string): void };

/** What `demo` needs from the outside world. */
export interface DemoIo {
  stdout: DemoSink;
  stderr: DemoSink;
  /** Relative paths (the Dockerfile, --context, --cli-path) are resolved against this. */
  cwd: string;
  /** The container CLI's environment (DOCKER_HOST...); process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Ctrl+C: the demo stops at once and removes what it created. Without it, demo listens itself. */
  signal?: AbortSignal;
}

const USAGE = `Usage: pid1-doctor demo IMAGE|DOCKERFILE [--grace SECONDS] [--format text|json]
         [--cli docker|podman] [--cli-path PATH] [--network NAME|default]
         [--ready-pattern REGEX] [--ready-delay SECONDS] [--ready-timeout SECONDS]
         [--run-arg ARG]... [--context DIR] [--no-fixes] [--verbose]

Runs the image (or builds the Dockerfile, or the Dockerfile in a folder) as written and under
an init, side by side; stops each with docker stop and the grace period (default 10 s); and
reports how long each took, the exit codes, whether SIGKILL was needed, zombies seen and the
app's last log lines. For a Dockerfile with fixable findings, a third run ("with-fixes") builds
it with every fix applied in memory that needs no download (--no-fixes leaves it out); the
file itself is not changed. Containers run with --network none unless --network says otherwise
("default" leaves the engine's default). Nothing is pulled: the image must be local.

Exit codes: 0 the as-written run stopped on SIGTERM within the grace period with exit 0;
1 it did not (killed, or a non-zero exit); 2 the demo could not run.
`;

class DemoUsageError extends Error {}

interface Parsed {
  target?: string;
  format: 'text' | 'json';
  verbose: boolean;
  help: boolean;
  fixes: boolean;
  options: DemoOptions;
}

/** Longest wait any of the second-valued options accepts: an hour. */
const MAX_SECONDS = 3600;

/**
 * A number of seconds written plainly: digits, and for `whole === false` a decimal part. Hex,
 * exponents, signs and blanks, which Number() would take, are refused, as is anything above an
 * hour.
 */
function seconds(flag: string, value: string, whole: boolean): number {
  const plain = whole ? /^[0-9]+$/ : /^[0-9]+(\.[0-9]+)?$/;
  const n = Number(value);
  if (!plain.test(value) || !(n <= MAX_SECONDS)) {
    const what = whole ? 'whole seconds' : 'seconds';
    throw new DemoUsageError(
      `${flag} takes ${what} from 0 to ${MAX_SECONDS}, written in decimal digits, not "${value}".`,
    );
  }
  return n;
}

/** Parses the arguments after `demo`: `--flag value` and `--flag=value` alike. */
function parse(args: readonly string[], cwd: string): Parsed {
  const parsed: Parsed = {
    format: 'text',
    verbose: false,
    help: false,
    fixes: true,
    options: { cwd },
  };
  const o = parsed.options;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    // Values are taken as they come, even when they start with "-": --run-arg --cap-drop=ALL.
    const value = (): string => {
      if (eq > 0) return token.slice(eq + 1);
      if (i + 1 >= args.length) throw new DemoUsageError(`${flag} needs a value.`);
      return args[++i];
    };
    switch (flag) {
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      case '--verbose':
        parsed.verbose = true;
        break;
      case '--no-fixes':
        parsed.fixes = false;
        break;
      case '--grace':
        o.grace = seconds(flag, value(), true);
        break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') {
          throw new DemoUsageError(`--format must be text or json (got "${format}").`);
        }
        parsed.format = format;
        break;
      }
      case '--cli': {
        const cli = value();
        if (cli !== 'docker' && cli !== 'podman') {
          throw new DemoUsageError(`--cli must be docker or podman (got "${cli}").`);
        }
        o.cli = cli;
        break;
      }
      case '--cli-path': {
        const p = value();
        o.cliPath = p.includes('/') ? path.resolve(cwd, p) : p;
        break;
      }
      case '--network': {
        const network = value();
        o.network = network === 'default' ? null : network;
        break;
      }
      case '--ready-pattern':
        o.readyPattern = value();
        break;
      case '--ready-delay':
        o.readyDelaySeconds = seconds(flag, value(), false);
        break;
      case '--ready-timeout':
        o.readyTimeoutSeconds = seconds(flag, value(), false);
        break;
      case '--run-arg':
        o.runArgs = [...(o.runArgs ?? []), value()];
        break;
      case '--context':
        o.context = path.resolve(cwd, value());
        break;
      default:
        throw new DemoUsageError(`Unknown option ${flag}.`);
    }
  }
  if (positional.length > 1) {
    throw new DemoUsageError(
      `demo takes one IMAGE or DOCKERFILE, got ${positional.length}: ${positional.join(' ')}`,
    );
  }
  parsed.target = positional[0];
  return parsed;
}

/** `file` when it is a regular file the demo can read and build; a clear refusal otherwise. */
function checkedDockerfile(file: string, shown: string): string {
  const read = readRegularFile(file);
  if (!read.ok) {
    const reason = read.reason === 'error' ? describeFsError(read.error) : read.message;
    throw new DemoUsageError(`${shown}: ${reason}.`);
  }
  return file;
}

/**
 * Decides whether the target is a Dockerfile (a file, or a folder holding one) or an image. A
 * file wins over an image of the same name, since the user can always say `./name`.
 */
function resolveTarget(target: string, options: DemoOptions, cwd: string): void {
  const full = path.resolve(cwd, target);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(full);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) {
    const inside = ['Dockerfile', 'Containerfile']
      .map((f) => path.join(full, f))
      .find((f) => fs.existsSync(f));
    if (!inside)
      throw new DemoUsageError(`${target} is a folder without a Dockerfile or Containerfile.`);
    options.dockerfile = checkedDockerfile(inside, path.join(target, path.basename(inside)));
    return;
  }
  if (stat) {
    // A pipe or a device named as the Dockerfile is refused here, before anything reads it.
    options.dockerfile = checkedDockerfile(full, target);
    return;
  }
  const problem = imageReferenceProblem(target);
  if (problem)
    throw new DemoUsageError(
      `${target} is not a file, and ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`,
    );
  if (options.context !== undefined) {
    // An image is run as it is; nothing is built, so a build context would be silently unused.
    throw new DemoUsageError(
      `--context is the build context of a Dockerfile, but ${target} is an image (no such file or ` +
        'folder here), which the demo runs without building.',
    );
  }
  options.image = target;
}

/**
 * The JSON report. "image" is DESIGN.md's name:tag of the image that ran as written: for a
 * Dockerfile, the tag the demo built it under (removed afterwards), with the Dockerfile as the
 * user named it in an added "dockerfile" field.
 */
export function jsonReport(
  report: DemoReport,
  dockerfile: string | undefined,
): DemoReport & { dockerfile?: string } {
  if (dockerfile === undefined) return report;
  const ran = report.scenarios.find((s) => s.name === 'as-written') ?? report.scenarios[0];
  return { ...report, image: ran?.image ?? report.image, dockerfile };
}

function writer(sink: DemoSink): (text: string) => void {
  return typeof sink === 'function' ? sink : (text) => sink.write(text);
}

/**
 * `pid1-doctor demo IMAGE|DOCKERFILE ...`: `args` are the words after `demo`. Resolves to the exit
 * code: 0 when the as-written run stopped on its stop signal within the grace period with exit 0,
 * 1 when it did not, 2 when the demo could not run (bad usage, no engine, failed build, no image).
 */
export async function demoCommand(args: string[], io: DemoIo): Promise<number> {
  const out = writer(io.stdout);
  const err = writer(io.stderr);

  let parsed: Parsed;
  try {
    parsed = parse(args, io.cwd);
    if (parsed.help) {
      out(USAGE);
      return 0;
    }
    if (parsed.target === undefined)
      throw new DemoUsageError('demo needs an IMAGE or a DOCKERFILE.');
    resolveTarget(parsed.target, parsed.options, io.cwd);
  } catch (error) {
    if (!(error instanceof DemoUsageError)) throw error;
    err(`pid1-doctor demo: ${error.message}\nRun "pid1-doctor demo --help" for the options.\n`);
    return 2;
  }

  const options: DemoOptions = {
    ...parsed.options,
    env: (io.env ?? process.env) as NodeJS.ProcessEnv,
  };
  const display = parsed.target;
  if (options.dockerfile) {
    options.image = undefined;
    if (parsed.fixes) {
      const file = toCorePath(options.dockerfile);
      const reader = diskReader();
      const text = reader.readFile(file);
      const fixed = text === undefined ? undefined : fixedDockerfile(file, text, reader);
      options.fixedDockerfileText = fixed?.text;
      options.fixTitles = fixed?.fixes;
    }
  }

  // Without a caller's signal, Ctrl+C is ours to handle, so the containers are removed first.
  const own = io.signal ? undefined : new AbortController();
  const interrupt = (): void => own?.abort();
  if (own) {
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
  }
  try {
    const report = await runDemo(options, {
      signal: io.signal ?? own?.signal,
      onProgress: (message) => err(`${message}\n`),
      onLog: parsed.verbose ? (line) => err(`${line}\n`) : undefined,
    });
    if (parsed.format === 'json') {
      out(`${renderJson(jsonReport(report, options.dockerfile ? display : undefined))}\n`);
    } else {
      // The text names what the user typed, not the temporary tag of a build.
      out(renderText({ ...report, image: display }));
    }
    return report.gracefulAsWritten ? 0 : 1;
  } catch (error) {
    if (!(error instanceof DemoError)) throw error;
    const detail = error.detail.trim();
    const extra = detail && !error.message.includes(detail) ? `\n${detail}` : '';
    err(`pid1-doctor demo: ${error.message}${extra}\n`);
    return 2;
  } finally {
    if (own) {
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', interrupt);
    }
  }
}
