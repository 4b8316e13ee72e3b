// Runs the integration suite in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code from update.code.visualstudio.com. Ours cannot; there the suite runs under
// test/vscode/run-vscode-tests.mjs (code-server) instead. On a Linux machine without a display,
// wrap this in xvfb-run.
//
//   npm run test:electron -- [--workspace DIR] [--grep PATTERN]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';

// The version the code-server harness runs, which engines.vscode and @types/vscode are pinned to.
const VSCODE_VERSION = '1.100.3';
const ROOT = path.resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string', default: path.join(ROOT, 'test/vscode/workspace') },
      grep: { type: 'string' },
    },
  });

  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: path.join(ROOT, '.vscode-test'),
    });
  } catch (error) {
    console.error(
      `electron-tests: could not download VS Code ${VSCODE_VERSION}: ${messageOf(error)}\n` +
        'electron-tests: this machine cannot reach the VS Code download site; run the suite in ' +
        'code-server with test/vscode/run.sh instead.',
    );
    return 1;
  }

  // Like the code-server harness: a throwaway copy of the workspace, since tests may edit files.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-electron-'));
  const workspace = path.join(scratch, path.basename(values.workspace));
  fs.cpSync(path.resolve(values.workspace), workspace, { recursive: true });
  const reportPath = path.join(scratch, 'report.txt');

  let failed = false;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out/test/vscode/suite/index.js'),
      launchArgs: [workspace],
      // test-electron always adds --disable-workspace-trust; the suite is told so.
      extensionTestsEnv: {
        PID1_VSCODE_TEST_REPORT: reportPath,
        PID1_VSCODE_TEST_TRUST: 'disabled',
        ...(values.grep ? { PID1_VSCODE_TEST_GREP: values.grep } : {}),
      },
    });
  } catch (error) {
    if (!(error instanceof TestRunFailedError)) throw error;
    failed = true;
  }

  const report = fs.existsSync(reportPath) ? fs.readFileSync(reportPath, 'utf8') : '';
  fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(report);
  // The suite ends its report with the counts; without them it did not finish.
  const finished = /^\d+ passed, \d+ failed$/.test(report.trimEnd().split('\n').at(-1) ?? '');
  if (!finished) {
    console.log('0 passed, 1 failed');
  }
  return failed || !finished ? 1 : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`electron-tests: ${error instanceof Error ? error.stack : messageOf(error)}`);
    process.exit(1);
  },
);
