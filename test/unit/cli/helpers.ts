/**
 * Running the CLI in-process for tests: `main` with buffers for stdout and stderr, and scratch
 * folders built from a list of files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferOutput } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** test/fixtures/cli in the source tree (fixtures are not compiled). */
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cli');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pid1-doctor ...argv` in-process. No colour unless the test asks for a terminal. */
export async function run(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; tty?: boolean },
): Promise<RunResult> {
  const stdout = new BufferOutput(options.tty ?? false);
  const stderr = new BufferOutput(false);
  const code = await main(argv, { stdout, stderr, cwd: options.cwd, env: options.env ?? {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * A scratch folder with the given files (relative path -> text). Folders are created as
 * needed; a path ending in `/` makes an empty folder. Removed by the returned function.
 */
export function scratch(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-cli-'));
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, name);
    if (name.endsWith('/')) {
      fs.mkdirSync(full, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a fixture folder to a scratch folder, for tests that write (--fix). */
export function copyFixture(name: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-cli-'));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A Dockerfile the rules flag with warnings only: shell-form npm start on node:20 (dash). */
export const WARNING_DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm start\n';
