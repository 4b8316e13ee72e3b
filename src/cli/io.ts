/**
 * What a command needs from the outside world, handed in so tests can run the CLI in-process
 * and read what it printed. `processIo()` is the real thing.
 */

/** Somewhere to print. `isTTY` decides whether colour is used (see `colorEnabled`). */
export interface CliOutput {
  write(text: string): void;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** The folder paths are resolved against and reported relative to. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Fires when the user interrupts (Ctrl+C); long-running commands (demo) stop and clean up. */
  signal?: AbortSignal;
}

/** The process's own streams, folder and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: {
      write: (text) => void process.stdout.write(text),
      isTTY: process.stdout.isTTY === true,
    },
    stderr: {
      write: (text) => void process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
    },
    cwd: process.cwd(),
    env: process.env,
    signal,
  };
}

/** Collects everything written, for tests and for commands that print to a string. */
export class BufferOutput implements CliOutput {
  private readonly chunks: string[] = [];

  constructor(readonly isTTY = false) {}

  write(text: string): void {
    this.chunks.push(text);
  }

  get text(): string {
    return this.chunks.join('');
  }
}
