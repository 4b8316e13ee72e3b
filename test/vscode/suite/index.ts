// Mocha loader for the integration suite. VS Code requires this file inside the extension host
// (extensionTestsPath) and awaits run(). Launchers talk to it only through environment variables,
// which the extension host inherits from the VS Code process, so the same file serves our
// code-server harness and @vscode/test-electron alike.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Path of a file to receive the spec report; without it the report goes to the console only. */
export const REPORT_ENV = 'PID1_VSCODE_TEST_REPORT';
/** Optional mocha grep pattern, to run a subset of the suite. */
export const GREP_ENV = 'PID1_VSCODE_TEST_GREP';

const TEST_TIMEOUT_MS = 20_000;

type Report = (line: string) => void;

export async function run(): Promise<void> {
  const report = openReport(process.env[REPORT_ENV]);

  let stats: Mocha.Stats;
  try {
    stats = await runMocha(report);
  } catch (error) {
    // A test file that throws while loading never reaches the reporter.
    report(`The suite could not run: ${error instanceof Error ? error.stack : String(error)}`);
    throw error;
  }

  // Launchers read this line for the counts, so it is always the last one.
  report(`${stats.passes} passed, ${stats.failures} failed`);
  if (stats.failures > 0) {
    throw new Error(`${stats.failures} test(s) failed`);
  }
}

async function runMocha(report: Report): Promise<Mocha.Stats> {
  const files = findTestFiles(__dirname);
  const ui = vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop';
  report(
    `Running ${files.length} test file(s) in ${vscode.env.appName} ${vscode.version} (${ui} UI)`,
  );

  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });
  const grep = process.env[GREP_ENV];
  if (grep) {
    mocha.grep(grep);
  }
  for (const file of files) {
    mocha.addFile(file);
  }

  // The spec reporter prints through Base.consoleLog; pointing that at the report keeps mocha's
  // own layout, failure numbering and diffs. The extension host's console is no place to read
  // them: under code-server it ends up in a window log that arrives truncated.
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => report(util.format(...data));
  try {
    return await new Promise<Mocha.Stats>((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
    });
  } finally {
    Mocha.reporters.Base.consoleLog = consoleLog;
  }
}

/**
 * Returns a line writer. Lines are appended synchronously so that a crash or a hang still leaves
 * everything up to that point in the file for the launcher to show. The file's appearance is
 * also the launcher's sign that the suite has started.
 */
function openReport(reportPath: string | undefined): Report {
  if (!reportPath) {
    return (line) => console.log(line);
  }
  fs.writeFileSync(reportPath, '');
  return (line) => fs.appendFileSync(reportPath, line + '\n');
}

function findTestFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => path.join(root, name))
    .sort();
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
