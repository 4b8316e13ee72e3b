// Runs the integration suite in desktop VS Code, downloaded by @vscode/test-electron 2.x, for
// machines that can reach update.code.visualstudio.com. Ours cannot (the download fails at DNS):
// there the suite runs in code-server under test/vscode/run.sh instead. On Linux without a
// display, wrap this in xvfb-run.
//
//   npm run test:electron -- [--workspace DIR] [--grep PATTERN] [--timeout SECONDS]
//
// Like the code-server harness it opens a throwaway copy of the workspace (examples/ by default),
// ends with `N passed, N failed`, exits non-zero on any failure or when VS Code could not be had,
// and never waits without a limit: VS Code is started here, in its own process group, so that a
// run that overstays can be ended by its pid.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';

// The version the code-server harness runs, which engines.vscode and @types/vscode are pinned to.
const VSCODE_VERSION = '1.100.3';
const ROOT = path.resolve(__dirname, '../../..');
const CACHE = path.join(ROOT, '.vscode-test');
// test-electron gives up on a request that receives nothing for this long.
const NETWORK_IDLE_MS = 15_000;
const SUMMARY = /^(\d+) passed, (\d+) failed$/;

const say = (message: string) => console.error(`electron-tests: ${message}`);

class CouldNotRun extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string', default: path.join(ROOT, 'examples') },
      grep: { type: 'string' },
      timeout: { type: 'string', default: '600' },
    },
  });
  const timeoutS = Number(values.timeout);
  if (!(timeoutS > 0)) throw new CouldNotRun(`--timeout wants seconds, not "${values.timeout}"`);
  const source = path.resolve(values.workspace);
  if (!fs.existsSync(source)) throw new CouldNotRun(`the workspace ${source} does not exist`);

  const executable = await download();
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new CouldNotRun('no display to open VS Code on: run it under `xvfb-run -a`');
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-electron-'));
  try {
    // Tests may change files, so they get a copy.
    const workspace = path.join(scratch, 'ws', path.basename(source));
    fs.cpSync(source, workspace, {
      recursive: true,
      filter: (file) => !/(^|[\\/])(node_modules|\.git)$/.test(file),
    });
    const reportPath = path.join(scratch, 'report.txt');
    // The arguments @vscode/test-electron's runTests passes, with a profile of our own. runTests
    // itself is not used because it does not hand out the process it starts, so a hung window
    // could not be ended.
    const args = [
      workspace,
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-workspace-trust',
      `--extensionDevelopmentPath=${ROOT}`,
      `--extensionTestsPath=${path.join(ROOT, 'out/test/vscode/suite/index.js')}`,
      `--user-data-dir=${path.join(scratch, 'user-data')}`,
      `--extensions-dir=${path.join(scratch, 'extensions')}`,
    ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PID1_VSCODE_TEST_REPORT: reportPath,
      // --disable-workspace-trust: the suite is told so.
      PID1_VSCODE_TEST_TRUST: 'disabled',
    };
    if (values.grep) env.PID1_VSCODE_TEST_GREP = values.grep;
    else delete env.PID1_VSCODE_TEST_GREP;

    const code = await runVSCode(executable, args, env, timeoutS);
    const report = fs.existsSync(reportPath) ? fs.readFileSync(reportPath, 'utf8') : '';
    const lines = report.trimEnd().split('\n');
    const summary = SUMMARY.exec(lines.at(-1) ?? '');
    if (summary) lines.pop();
    if (report) console.log(lines.join('\n'));
    let failed = summary ? Number(summary[2]) : 0;
    if (!summary) say(`VS Code exited (${code}) before the suite wrote its summary`);
    if (!summary || code !== 0) failed = Math.max(failed, 1);
    console.log(`${summary ? summary[1] : 0} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** VS Code from test-electron's cache, or downloaded into it; fails fast when offline. */
async function download(): Promise<string> {
  try {
    return await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: CACHE,
      timeout: NETWORK_IDLE_MS,
    });
  } catch (error) {
    throw new CouldNotRun(
      `could not download VS Code ${VSCODE_VERSION} (${messageOf(error)}). This needs access to ` +
        'update.code.visualstudio.com; on a machine without it, run the same suite in code-server ' +
        'with `bash test/vscode/run.sh`.',
    );
  }
}

/** Runs VS Code in its own process group; ends the group if it overstays. Returns the exit code. */
function runVSCode(
  executable: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutS: number,
): Promise<number | string> {
  const windows = process.platform === 'win32';
  const child = spawn(executable, args, {
    env,
    detached: !windows,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = (signal: NodeJS.Signals) => endGroup(child, signal, windows);
  const onSignal = () => stop('SIGTERM');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return new Promise((resolve) => {
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      say(`the run overstayed ${timeoutS} s; ending VS Code (pid ${child.pid})`);
      stop('SIGTERM');
      killTimer = setTimeout(() => stop('SIGKILL'), 5_000);
    }, timeoutS * 1000);
    const done = (code: number | string) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      // Helpers VS Code left behind in its group (crash reporter, GPU process) go with it.
      stop('SIGKILL');
      resolve(code);
    };
    child.on('error', (error) => {
      say(`VS Code did not start: ${error.message}`);
      done('not started');
    });
    child.on('exit', (code, signal) => done(code ?? signal ?? 'unknown'));
  });
}

function endGroup(child: ChildProcess, signal: NodeJS.Signals, windows: boolean): void {
  if (!child.pid) return;
  try {
    if (windows) child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(error instanceof CouldNotRun ? error.message : `failed: ${messageOf(error)}`);
    if (!(error instanceof CouldNotRun) && error instanceof Error) console.error(error.stack);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
