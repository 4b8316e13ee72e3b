#!/usr/bin/env node
// Runs the integration suite (test/vscode/suite) inside a real VS Code: the VS Code server that
// code-server 4.100.3 bundles, with its Node extension host, and Debian's headless chromium as the
// workbench. Desktop VS Code cannot be downloaded on our machines; the measurements behind every
// choice here are in /work/shared/notes/vscode-test-runtime.md.
//
//   node test/vscode/run-vscode-tests.mjs [--workspace DIR] [--in-place] [--grep PATTERN]
//        [--trust trusted|untrusted|disabled] [--timeout SECONDS] [--keep-temp] [--verbose]
//
// Prints mocha's spec report, then `N passed, N failed` as the last line. Exits 0 when every test
// passed, 1 otherwise, including when VS Code could not be brought up.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';

// Contract with test/vscode/suite/index.ts and the smoke test.
const REPORT_ENV = 'PID1_VSCODE_TEST_REPORT';
const GREP_ENV = 'PID1_VSCODE_TEST_GREP';
const TRUST_ENV = 'PID1_VSCODE_TEST_TRUST';
const SUMMARY = /^(\d+) passed, (\d+) failed$/;

const SERVER_START_S = 30;
const WORKBENCH_LOAD_S = 60;
const SUITE_START_S = 60;
const BROWSER_START_S = 30;

const USAGE = `usage: node test/vscode/run-vscode-tests.mjs [options]
  --workspace DIR     folder to open (default: examples/); the run opens a throwaway
                      copy of it, so tests may change files
  --in-place          open DIR itself rather than a copy
  --grep PATTERN      run only the tests whose full title matches
  --trust MODE        trusted (default): trust enabled, the workspace trusted
                      untrusted: trust enabled, the workspace in restricted mode
                      disabled: trust switched off, as @vscode/test-electron does
  --timeout SECONDS   time the suite may take once started (default: 300)
  --extension DIR     extension under test (default: the repository root)
  --code-server DIR   code-server install (default: .vscode-test/code-server)
  --keep-temp         keep the run's temporary folder (logs, profiles)
  --verbose           echo the server's output`;

class HarnessError extends Error {}

const started = Date.now();
const seconds = (since = started) => ((Date.now() - since) / 1000).toFixed(1);
const say = (message) => process.stderr.write(`vscode-tests: ${message}\n`);

const options = parseOptions();
const run = {
  tempRoot: undefined,
  server: undefined,
  serverPid: undefined,
  serverLog: [],
  browser: undefined,
  // Set once the run is over, so that pollers stop and the process can end.
  over: false,
};
let interrupted = false;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // A second signal while cleaning up means the user wants out now.
    if (interrupted) process.exit(130);
    interrupted = true;
    run.over = true;
    say(`${signal}: stopping`);
    const report = readReport();
    cleanUp().finally(() => {
      printOutcome({ report, exitCode: undefined, incomplete: true });
      process.exit(130);
    });
  });
}

// Exit explicitly: a wedged page or server must not keep the harness alive after the verdict.
process.exit(await main());

async function main() {
  // Every wait below has its own limit; this one bounds the whole run in case a step that has
  // none (a call into a wedged browser) never returns.
  const limitS = SERVER_START_S + BROWSER_START_S + 2 * WORKBENCH_LOAD_S + SUITE_START_S;
  const overall = limitS + options.timeout;
  let outcome;
  try {
    const suite = runSuite();
    // Once the limit has passed, whatever the abandoned run still rejects with is moot.
    suite.catch(() => {});
    outcome = await race(suite, overall, `the run did not end within ${overall} s in all`);
  } catch (error) {
    if (!interrupted) {
      say(error instanceof HarnessError ? error.message : `the harness failed: ${error.stack}`);
      printDiagnostics();
    }
    outcome = { report: readReport(), exitCode: undefined, incomplete: true };
  } finally {
    run.over = true;
    // After a signal, the handler cleans up, prints the counts and exits.
    if (interrupted) await new Promise(() => {});
    await cleanUp();
  }
  return printOutcome(outcome);
}

async function runSuite() {
  const setup = prepare();
  const copied = setup.workspace === options.workspace ? '' : ` (a copy of ${options.workspace})`;
  say(
    `VS Code ${setup.product.version} (${setup.product.nameShort}), workspace ${setup.workspace}${copied}`,
  );

  const port = await startServer(setup);
  const authority = `127.0.0.1:${port}`;
  say(`server listening on ${authority} after ${seconds()} s`);

  const { chromium } = await import('playwright-core');
  run.browser = await launchChromium(chromium, setup.env);
  const page = await (await run.browser.newContext()).newPage();
  const browserTrouble = watchBrowser(page, authority);
  // Each wait below races against it; until the first one does, nothing else would handle it.
  browserTrouble.catch(() => {});

  let exitCode;
  const exited = new Promise((resolve) => (exitCode = resolve));
  // The workbench calls window.codeAutomationExit(code, logs) when the extension host ends the
  // test run. The logs are large and arrive truncated, so only the code is passed on.
  await page.exposeFunction('__pid1HarnessExit', (code) => exitCode(code));
  await page.addInitScript({
    content: 'window.codeAutomationExit = (code) => window.__pid1HarnessExit(code);',
  });

  if (options.trust === 'trusted') {
    await race(
      trustFolder(page, authority, setup.workspace),
      WORKBENCH_LOAD_S,
      `the workspace could not be marked trusted within ${WORKBENCH_LOAD_S} s`,
      browserTrouble,
    );
  }

  const loading = Date.now();
  await page
    .goto(workbenchUrl(authority, setup), {
      waitUntil: 'domcontentloaded',
      timeout: WORKBENCH_LOAD_S * 1000,
    })
    .catch((error) => {
      throw new HarnessError(`the workbench did not load: ${error.message}`);
    });
  await race(
    page.waitForSelector('.monaco-workbench', { timeout: 0 }),
    WORKBENCH_LOAD_S,
    `the workbench did not load within ${WORKBENCH_LOAD_S} s`,
    browserTrouble,
  );
  say(`workbench loaded in ${seconds(loading)} s`);

  const starting = Date.now();
  const exitedEarly = exited.then((code) => {
    if (fs.existsSync(setup.reportPath)) return new Promise(() => {});
    throw new HarnessError(`the extension host exited with code ${code} before the suite started`);
  });
  await race(
    waitForFile(setup.reportPath),
    SUITE_START_S,
    `the suite did not start within ${SUITE_START_S} s ` +
      `(is the extension compatible with VS Code ${setup.product.version}?)`,
    Promise.race([browserTrouble, exitedEarly]),
  );
  say(`suite started after ${seconds(starting)} s`);

  const running = Date.now();
  const code = await race(
    exited,
    options.timeout,
    `the suite timed out after ${options.timeout} s`,
    browserTrouble,
  );
  say(`suite finished in ${seconds(running)} s with exit code ${code}`);
  return { report: readReport(), exitCode: code, incomplete: false };
}

/** Debian's chromium, headless, and kept off the network as far as its flags allow. */
async function launchChromium(chromium, env) {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env,
      timeout: BROWSER_START_S * 1000,
      args: [
        // Root cannot use chromium's sandbox; the page is our own server's workbench.
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--disable-breakpad',
        '--disable-domain-reliability',
        '--no-first-run',
        '--no-default-browser-check',
        '--no-proxy-server',
        // Names resolve to nothing, so no request can leave the machine by host name.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
  } catch (error) {
    throw new HarnessError(`chromium did not start: ${error.message}`);
  }
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        workspace: { type: 'string', default: path.join(ROOT, 'examples') },
        'in-place': { type: 'boolean', default: false },
        grep: { type: 'string' },
        trust: { type: 'string', default: 'trusted' },
        timeout: { type: 'string', default: '300' },
        extension: { type: 'string', default: ROOT },
        'code-server': { type: 'string', default: path.join(ROOT, '.vscode-test/code-server') },
        'keep-temp': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const timeout = Number(parsed.timeout);
  if (!['trusted', 'untrusted', 'disabled'].includes(parsed.trust) || !(timeout > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  return {
    ...parsed,
    timeout,
    workspace: path.resolve(parsed.workspace),
    extension: path.resolve(parsed.extension),
    codeServer: path.resolve(parsed['code-server']),
    keepTemp: parsed['keep-temp'],
  };
}

/** Checks the inputs and lays out the run's temporary folder and environment. */
function prepare() {
  const vscodeDir = path.join(options.codeServer, 'node_modules/code-server/lib/vscode');
  const serverMain = path.join(vscodeDir, 'out/server-main.js');
  const testsPath = path.join(ROOT, 'out/test/vscode/suite/index.js');
  const manifest = path.join(options.extension, 'package.json');
  const main = fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).main;
  const required = [
    [serverMain, 'code-server is not installed: run .ci/vscode-setup.sh'],
    [testsPath, 'the suite is not compiled: run npx tsc -p tsconfig.json'],
    [manifest, 'the extension folder has no package.json'],
    [path.join(options.extension, main || 'package.json'), 'the extension is not built'],
    [CHROMIUM, 'Debian chromium is not installed: run .ci/vscode-setup.sh'],
    [options.workspace, 'the workspace folder does not exist'],
  ];
  for (const [file, problem] of required) {
    if (!fs.existsSync(file)) throw new HarnessError(`${problem} (${file} is missing)`);
  }
  const product = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'product.json'), 'utf8'));

  const tempRoot = fs.mkdtempSync(path.join(tempBase(), 'pid1-vsc-'));
  run.tempRoot = tempRoot;
  const dir = (name, mode = 0o755) => {
    const full = path.join(tempRoot, name);
    fs.mkdirSync(full, { recursive: true, mode });
    return full;
  };
  const dirs = {
    serverData: dir('server-data'),
    userData: dir('user-data'),
    extensions: dir('extensions'),
    tmp: dir('t'),
    runtime: dir('r', 0o700),
  };
  writeUserSettings(dirs.userData);

  let workspace = options.workspace;
  if (!options['in-place']) {
    workspace = path.join(dir('ws'), path.basename(options.workspace));
    fs.cpSync(options.workspace, workspace, {
      recursive: true,
      filter: (source) => !/(^|\/)(node_modules|\.git)$/.test(source),
    });
  }

  // Playwright puts its own scratch files (browser profile, artifacts) under os.tmpdir().
  process.env.TMPDIR = dirs.tmp;

  return {
    product,
    workspace,
    serverMain,
    testsPath,
    dirs,
    reportPath: path.join(tempRoot, 'report.txt'),
    env: serverEnvironment(tempRoot, dirs),
  };
}

/**
 * The machine's temporary folder unless it is unusable or so deep that VS Code's IPC sockets
 * (`vscode-ipc-<uuid>.sock`, 52 characters) would pass the 107-byte limit on socket paths.
 */
function tempBase() {
  for (const candidate of [os.tmpdir(), '/tmp']) {
    if (!path.isAbsolute(candidate) || candidate.length > 32) continue;
    try {
      fs.accessSync(candidate, fs.constants.W_OK);
      return candidate;
    } catch {
      // Try the next one.
    }
  }
  throw new HarnessError('no usable temporary folder: neither $TMPDIR nor /tmp');
}

/**
 * The server's environment, which its extension host (and so the suite) inherits. Variables a
 * machine or a parent VS Code may have set are dropped or pointed into the run's temporary
 * folder, so they can neither break the server nor leak state between runs.
 */
function serverEnvironment(tempRoot, dirs) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    // A terminal inside VS Code exports VSCODE_* handles that the server's bootstrap would
    // follow; NODE_OPTIONS could load code into the server.
    if (/^(VSCODE_|ELECTRON_)/.test(name) || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  Object.assign(env, {
    TMPDIR: dirs.tmp,
    XDG_RUNTIME_DIR: dirs.runtime,
    XDG_CONFIG_HOME: path.join(tempRoot, 'xdg/config'),
    XDG_DATA_HOME: path.join(tempRoot, 'xdg/data'),
    XDG_CACHE_HOME: path.join(tempRoot, 'xdg/cache'),
    XDG_STATE_HOME: path.join(tempRoot, 'xdg/state'),
    // code-server's default gallery is open-vsx.org; an empty one makes nobody ask.
    EXTENSIONS_GALLERY: '{}',
    [REPORT_ENV]: path.join(tempRoot, 'report.txt'),
    [TRUST_ENV]: options.trust,
  });
  if (options.grep) env[GREP_ENV] = options.grep;
  else delete env[GREP_ENV];
  return env;
}

function writeUserSettings(userData) {
  const settings = {
    // The trust decision is the harness's (--trust); a modal prompt would stall the window.
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    // The workspace sits inside this repository; scanning it for git state is wasted time.
    'git.enabled': false,
  };
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify(settings, null, 2) + '\n',
  );
}

/** Starts the server in its own process group on a port the kernel picks; returns the port. */
async function startServer(setup) {
  const { dirs } = setup;
  const args = [
    setup.serverMain,
    '--host=127.0.0.1',
    '--port=0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-update-check',
    // Without it the server runs the user's login shell to read its environment, and whatever
    // the rc files export overrides the environment given here.
    '--force-disable-user-env',
    `--server-data-dir=${dirs.serverData}`,
    `--user-data-dir=${dirs.userData}`,
    `--extensions-dir=${dirs.extensions}`,
  ];
  if (options.trust === 'disabled') args.push('--disable-workspace-trust');

  const logFile = fs.openSync(path.join(run.tempRoot, 'server.log'), 'a');
  const server = spawn(process.execPath, args, {
    cwd: run.tempRoot,
    env: setup.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  run.server = server;
  // Kept after the server itself exits: its children may still be in the group.
  run.serverPid = server.pid;

  return race(
    new Promise((resolve, reject) => {
      let pending = '';
      const onData = (chunk) => {
        fs.writeSync(logFile, chunk);
        if (options.verbose) process.stderr.write(chunk);
        const text = chunk.toString();
        run.serverLog.push(text);
        pending = (pending + text).slice(-4096);
        // VS Code's own tooling waits for this line; the server promises to keep it.
        const match = /Extension host agent listening on (\d+)/.exec(pending);
        if (match) resolve(Number(match[1]));
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.on('error', (error) => reject(new HarnessError(`the server did not start: ${error}`)));
      server.on('exit', (code, signal) => {
        run.server = undefined;
        reject(new HarnessError(`the server exited (${signal ?? code}) before it listened`));
      });
    }),
    SERVER_START_S,
    `the server did not start within ${SERVER_START_S} s`,
  );
}

/**
 * Marks the workspace folder trusted the way the workbench stores a user's "Yes, I trust the
 * authors": in the browser's application storage (IndexedDB), keyed by the folder's remote URI.
 * The server has no option for it, and the workbench's own workspace-provider flag is unused.
 * Runs on a page of the server's origin before the workbench opens, so that the workbench reads
 * it at startup rather than reacting to a change.
 */
async function trustFolder(page, authority, folder) {
  await page.goto(`http://${authority}/pid1-harness-blank`);
  const trust = {
    uriTrustInfo: [{ uri: { scheme: 'vscode-remote', authority, path: folder }, trusted: true }],
  };
  await page.evaluate(
    ([key, value]) =>
      new Promise((resolve, reject) => {
        const request = globalThis.indexedDB.open('vscode-web-state-db-global');
        request.onupgradeneeded = () => request.result.createObjectStore('ItemTable');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const transaction = request.result.transaction('ItemTable', 'readwrite');
          transaction.objectStore('ItemTable').put(value, key);
          transaction.oncomplete = () => {
            request.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    ['content.trust.model.key', JSON.stringify(trust)],
  );
}

function workbenchUrl(authority, setup) {
  const remote = (file) =>
    `vscode-remote://${authority}${file.split('/').map(encodeURIComponent).join('/')}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options.extension)],
    ['extensionTestsPath', remote(setup.testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  return (
    `http://${authority}/?folder=${encodeURIComponent(setup.workspace)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`
  );
}

/** Resolves never; rejects when the browser or the server goes away underneath the run. */
function watchBrowser(page, authority) {
  run.browserErrors = [];
  run.foreignRequests = new Set();
  page.on('pageerror', (error) => run.browserErrors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') run.browserErrors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^https?:$|^wss?:$/.test(url.protocol) && url.host !== authority) {
      run.foreignRequests.add(url.origin);
    }
  });
  return new Promise((_, reject) => {
    page.on('crash', () => reject(new HarnessError('the workbench page crashed')));
    run.browser.on('disconnected', () => reject(new HarnessError('chromium went away')));
    run.server?.on('exit', (code, signal) =>
      reject(new HarnessError(`the server exited (${signal ?? code}) during the run`)),
    );
  });
}

/** Waits for `promise`, failing with `message` after `limitS` seconds or when `trouble` rejects. */
async function race(promise, limitS, message, trouble = new Promise(() => {})) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(message)), limitS * 1000);
  });
  try {
    return await Promise.race([promise, timeout, trouble]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitForFile(file) {
  while (!fs.existsSync(file)) {
    if (run.over) throw new HarnessError('the run was stopped');
    await sleep(100);
  }
}

function readReport() {
  try {
    return fs.readFileSync(path.join(run.tempRoot, 'report.txt'), 'utf8');
  } catch {
    return '';
  }
}

/** Prints the report with the counts as the last line; returns the process exit code. */
function printOutcome({ report, exitCode, incomplete }) {
  const lines = report.replace(/\n$/, '').split('\n');
  const summary = SUMMARY.exec(lines.at(-1) ?? '');
  if (summary) lines.pop();
  if (report) process.stdout.write(lines.join('\n') + '\n');

  const passed = summary ? Number(summary[1]) : countMatches(lines, /^\s+✔ /);
  let failed = summary ? Number(summary[2]) : countMatches(lines, /^\s+\d+\) /);
  if (!summary && !incomplete) {
    say(`VS Code exited with code ${exitCode} but the suite wrote no summary`);
  } else if (summary && exitCode !== 0 && failed === 0) {
    say(`VS Code exited with code ${exitCode} although the report shows no failure`);
  }
  // A run that did not finish, or whose exit code disagrees with its report, counts as a failure
  // even if no single test failed.
  if (!summary || exitCode !== 0) failed = Math.max(failed, 1);
  if (run.foreignRequests?.size) {
    say(`the browser tried to reach other hosts: ${[...run.foreignRequests].join(', ')}`);
  }
  say(`total ${seconds()} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function countMatches(lines, pattern) {
  return lines.filter((line) => pattern.test(line)).length;
}

function printDiagnostics() {
  const tail = (lines, count) => lines.slice(-count).join('\n');
  if (run.serverLog.length)
    say(`last server output:\n${tail(run.serverLog.join('').split('\n'), 20)}`);
  for (const log of findFiles(path.join(run.tempRoot ?? '', 'user-data'), 'remoteexthost.log')) {
    // Entries start with a timestamp; some carry a long dump of extension paths, so only the
    // first few lines of each are shown.
    const entries = fs.readFileSync(log, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d )/);
    const shown = entries.map((entry) => entry.split('\n').slice(0, 6).join('\n'));
    say(`last entries of ${log}:\n${tail(shown, 12)}`);
  }
  // Every run 404s on the service worker and on files code-server leaves out (vsda).
  const errors = (run.browserErrors ?? []).filter(
    (error) => !/status of 404|response code \(404\)/.test(error),
  );
  if (errors.length) say(`browser errors:\n${tail(errors, 15)}`);
}

function findFiles(dir, name) {
  try {
    return fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((entry) => path.basename(entry) === name)
      .map((entry) => path.join(dir, entry));
  } catch {
    return [];
  }
}

async function cleanUp() {
  const browser = run.browser;
  run.browser = undefined;
  await Promise.all([
    // close() can stall on a wedged page; playwright kills the process it launched on exit.
    browser && Promise.race([browser.close().catch(() => {}), sleep(10_000)]),
    stopServer(),
  ]);
  await removeDemoLeftovers();
  if (run.tempRoot && !options.keepTemp) {
    fs.rmSync(run.tempRoot, { recursive: true, force: true });
  } else if (run.tempRoot) {
    say(`kept ${run.tempRoot}`);
  }
}

/**
 * Ends the server's whole process group (the server, its extension host, file watcher and pty
 * host): SIGTERM first, SIGKILL for whatever is left after 5 s.
 */
async function stopServer() {
  const pid = run.serverPid;
  if (!pid) return;
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + 5_000;
  while (groupAlive() && Date.now() < deadline) await sleep(50);
  if (groupAlive()) {
    say('the server ignored SIGTERM; killing its process group');
    signalGroup('SIGKILL');
  }
}

/**
 * Removes the containers and images that the SIGTERM demo started from this run's extension hosts
 * and that are still there because the run was cut short (a timeout, a signal). The demo labels
 * each one with its owner, `<host>:<pid>` of the extension host, whose pids the server logs.
 * Only the project's own engine (DOCKER_HOST) is asked; without it the demo test does not run.
 */
async function removeDemoLeftovers() {
  if (!process.env.DOCKER_HOST) return;
  const pids = new Set(
    [...run.serverLog.join('').matchAll(/<(\d+)> Launched Extension Host Process/g)].map(
      (match) => match[1],
    ),
  );
  const docker = (args) =>
    new Promise((resolve) =>
      execFile('docker', args, { timeout: 60_000 }, (error, stdout) =>
        resolve(error ? [] : stdout.split('\n').filter((line) => line.trim() !== '')),
      ),
    );
  for (const pid of pids) {
    const owner = `label=pid1-doctor.owner=${os.hostname()}:${pid}`;
    const containers = await docker(['ps', '-a', '-q', '--no-trunc', '--filter', owner]);
    if (containers.length > 0) await docker(['rm', '-f', '-v', ...containers]);
    const images = await docker(['image', 'ls', '-q', '--no-trunc', '--filter', owner]);
    if (images.length > 0) await docker(['rmi', '-f', ...new Set(images)]);
    if (containers.length + images.length > 0) {
      say(`removed ${containers.length} container(s), ${images.length} image(s) the demo left`);
    }
  }
}
