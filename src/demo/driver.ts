import { spawn } from 'node:child_process';

/** The container CLIs the demo knows how to drive. */
export type ContainerCliKind = 'docker' | 'podman';

/**
 * Why a container CLI call failed. Each kind gets its own message in the editor and the CLI:
 * - `not-installed`: the binary was not found (the message names the PATH that was searched);
 * - `daemon-not-running`: the CLI is there but no engine answered on its socket;
 * - `permission-denied`: the socket or the binary is not ours to use;
 * - `exited-non-zero`: the CLI ran and failed; its stderr is the message;
 * - `cancelled`: the caller's AbortSignal fired;
 * - `timeout`: the call took longer than its bound and was killed.
 */
export type DriverErrorKind =
  | 'not-installed'
  | 'daemon-not-running'
  | 'permission-denied'
  | 'exited-non-zero'
  | 'cancelled'
  | 'timeout';

/** A failed container CLI call, with what was run and what it said. */
export class DriverError extends Error {
  constructor(
    readonly kind: DriverErrorKind,
    message: string,
    readonly command: readonly string[],
    readonly stderr = '',
    readonly exitCode: number | null = null,
  ) {
    super(message);
    this.name = 'DriverError';
  }
}

/** How to reach the container CLI. */
export interface DriverOptions {
  /** Which CLI dialect to speak; `docker` by default. */
  cli?: ContainerCliKind;
  /** The binary to run: a name looked up on PATH, or a path. Defaults to the dialect's name. */
  path?: string;
  /** The environment of every call (DOCKER_HOST, CONTAINER_HOST...); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call: the CLI process is killed and the call rejects with `cancelled`. */
  signal?: AbortSignal;
  /**
   * When false, an abort does not kill the CLI process: the call still rejects with `cancelled`,
   * but only after the process has finished. Used for `run`, so that a container the daemon
   * creates anyway is known and can be removed, instead of appearing after the clean-up.
   */
  killOnAbort?: boolean;
  /** Kills the CLI process after this many milliseconds and rejects with `timeout`. */
  timeoutMs?: number;
  /** Written to the process's stdin, which is then closed. */
  input?: string;
  /** Called with each complete line of output as it arrives (both streams). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Resolve instead of rejecting when the CLI exits non-zero. */
  allowNonZero?: boolean;
}

/** What a finished call printed. */
export interface CallResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Wall-clock time of the call, in seconds. */
  seconds: number;
}

// Output beyond this is dropped from the front: a build log can be long, and only its end matters.
const MAX_CAPTURE = 1 << 20;

/**
 * Runs a container CLI (docker or podman) with argument arrays only, never through a shell, and
 * turns its failures into {@link DriverError}s of distinct kinds.
 */
export class ContainerDriver {
  readonly cli: ContainerCliKind;
  readonly path: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(options: DriverOptions = {}) {
    this.cli = options.cli ?? 'docker';
    this.path = options.path ?? this.cli;
    this.env = options.env ?? process.env;
  }

  /** Runs `<cli> ...args` and resolves with its output, or rejects with a DriverError. */
  call(args: readonly string[], options: CallOptions = {}): Promise<CallResult> {
    const command = [this.path, ...args];
    const { signal } = options;
    if (signal?.aborted) {
      return Promise.reject(cancelled(command));
    }

    return new Promise<CallResult>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(this.path, args, {
        env: this.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      const out = new Capture('stdout', options.onLine);
      const err = new Capture('stderr', options.onLine);
      let aborted = false;
      let timedOut = false;
      let settled = false;

      const finish = (result: CallResult | DriverError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (result instanceof DriverError) reject(result);
        else resolve(result);
      };
      const onAbort = (): void => {
        aborted = true;
        if (options.killOnAbort !== false) child.kill('SIGKILL');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, options.timeoutMs);

      child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
      if (options.input !== undefined && child.stdin) {
        // A CLI that exits before reading all of stdin makes the pipe fail; its exit says why.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
      }

      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(spawnError(error, command, this.env));
      });
      child.on('close', (code, killSignal) => {
        out.flush();
        err.flush();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const stderr = err.text();
        if (aborted) return finish(cancelled(command));
        if (timedOut) {
          const message = `${describe(command)} did not finish within ${options.timeoutMs} ms`;
          return finish(new DriverError('timeout', message, command, stderr));
        }
        const exitCode = code ?? (killSignal ? 128 : -1);
        if (exitCode !== 0 && !options.allowNonZero) {
          return finish(classifyFailure(command, stderr, exitCode));
        }
        finish({ stdout: out.text(), stderr, exitCode, seconds });
      });
    });
  }
}

/** Splits a stream into lines for the callback while keeping (the end of) its text. */
class Capture {
  private chunks: string[] = [];
  private size = 0;
  private partial = '';

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void,
  ) {}

  push(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > MAX_CAPTURE && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
    if (!this.onLine) return;
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line, this.stream);
  }

  flush(): void {
    if (this.onLine && this.partial !== '') this.onLine(this.partial, this.stream);
    this.partial = '';
  }

  text(): string {
    return this.chunks.join('');
  }
}

function describe(command: readonly string[]): string {
  return command.slice(0, 3).join(' ');
}

function cancelled(command: readonly string[]): DriverError {
  return new DriverError('cancelled', `${describe(command)} was cancelled`, command);
}

function spawnError(
  error: NodeJS.ErrnoException,
  command: readonly string[],
  env: NodeJS.ProcessEnv,
): DriverError {
  const binary = command[0];
  if (error.code === 'ENOENT') {
    // Say where we looked: the usual cause is an editor started with a PATH other than the shell's.
    const where = binary.includes('/') ? binary : `PATH=${env.PATH ?? '(unset)'}`;
    return new DriverError(
      'not-installed',
      `${binary} was not found (searched ${where}).`,
      command,
    );
  }
  if (error.code === 'EACCES') {
    return new DriverError(
      'permission-denied',
      `${binary} cannot be run: ${error.message}`,
      command,
    );
  }
  return new DriverError('exited-non-zero', `${binary} could not start: ${error.message}`, command);
}

const DAEMON_DOWN = [
  /Cannot connect to the Docker daemon/i,
  /Is the docker daemon running/i,
  /Cannot connect to Podman/i,
  /unable to connect to Podman socket/i,
];
const PERMISSION = [
  /permission denied while trying to connect to the Docker daemon/i,
  /Got permission denied/i,
  /connect: permission denied/i,
];

/** Tells a daemon that is not running and a permission problem apart from any other failure. */
export function classifyFailure(
  command: readonly string[],
  stderr: string,
  exitCode: number,
): DriverError {
  const message = stderr.trim() || `${describe(command)} exited with code ${exitCode}`;
  let kind: DriverErrorKind = 'exited-non-zero';
  if (PERMISSION.some((re) => re.test(stderr))) kind = 'permission-denied';
  else if (DAEMON_DOWN.some((re) => re.test(stderr))) kind = 'daemon-not-running';
  return new DriverError(kind, message, command, stderr, exitCode);
}
