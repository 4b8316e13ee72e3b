/**
 * `pid1-doctor`, the command-line twin of the extension. `main` takes the arguments and the
 * outside world (see CliIo) and resolves to the exit code, so tests run it in-process; run as
 * a program, it wires in the real process.
 */
import { parseArgs } from './args';
import { runCheck } from './check';
import { FileError, UsageError } from './errors';
import { runExplain } from './explain';
import { helpText } from './help';
import { processIo, type CliIo } from './io';
import { escapeControls } from './present/escape';
import { TOOL_NAME, TOOL_VERSION } from './meta';

/**
 * Runs one command line (without the program name) and resolves to its exit code: 0 nothing
 * at or above --fail-on, 1 findings, 2 bad usage or a file that cannot be read or written.
 * Never rejects: an unexpected error is printed and gives 2.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.name) {
      case 'version':
        io.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      case 'help':
        // The demo's page lists its own options; it is the one place that knows them.
        if (command.topic === 'demo') return await runDemo(['--help'], io);
        io.stdout.write(helpText(command.topic));
        return 0;
      case 'check':
        return await runCheck(command, io);
      case 'explain':
        return await runExplain(command, io);
      case 'demo':
        return await runDemo(command.args, io);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      const topic = err.command ? ` ${err.command}` : '';
      io.stderr.write(
        `${TOOL_NAME}: ${escapeControls(err.message)}\nRun "${TOOL_NAME} help${topic}" for usage.\n`,
      );
      return 2;
    }
    if (err instanceof FileError) {
      io.stderr.write(`${TOOL_NAME}: ${escapeControls(err.message)}\n`);
      return 2;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    io.stderr.write(`${TOOL_NAME}: internal error, please report it:\n${detail}\n`);
    return 2;
  }
}

async function runDemo(args: string[], io: CliIo): Promise<number> {
  // Loaded on demand: checking files never pays for the container machinery.
  const { demoCommand } = await import('./demo');
  return demoCommand(args, io);
}

/** Runs as the `pid1-doctor` program: real streams, exit code set once output is flushed. */
function runAsProgram(): void {
  const controller = new AbortController();
  // Only the demo has containers to clean up on Ctrl+C; elsewhere Ctrl+C stops at once. A
  // second Ctrl+C during the demo stops at once too, since the handler is gone by then.
  if (process.argv[2] === 'demo') process.once('SIGINT', () => controller.abort());
  // `pid1-doctor check | head` closes the pipe early; that is not an error worth a stack.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  void main(process.argv.slice(2), processIo(controller.signal)).then((code) => {
    // exitCode rather than exit(): piped output is still being written.
    process.exitCode = code;
  });
}

if (require.main === module) runAsProgram();
