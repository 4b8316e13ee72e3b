import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  OWNER_LABEL,
  ownerId,
  runDemo,
  type DemoOptions,
  type DemoReport,
  type ScenarioReport,
} from '../../src/demo';

/** The repository root (the tests run from out/test/docker). */
export const REPO = path.resolve(__dirname, '..', '..', '..');

/** The grace period of every Docker test: short, and long enough to tell a kill from a stop. */
export const GRACE = 3;

/** The docker client the tests drive: Debian's, whose API version is the daemon's own. */
export const DOCKER_CLI = process.env.PID1_DOCKER_CLI ?? 'docker';

/**
 * Fails at once with a clear message when the suite was started without our daemon, instead of
 * letting every test time out or, worse, talk to some other engine.
 */
export function requireOwnDaemon(): void {
  const host = process.env.DOCKER_HOST ?? '';
  if (!host.startsWith('unix://')) {
    throw new Error(
      'DOCKER_HOST must point at the unix socket of the dockerd that .ci/docker-setup.sh starts; ' +
        'run the suite with test/docker/run.sh',
    );
  }
}

let imagesBuilt = false;

/** Builds pid1t:dash, pid1t:bash and pid1t:busybox (a no-op when they are up to date). */
export function buildTestImages(): void {
  requireOwnDaemon();
  // run.sh builds them once for all the test files; each file is its own process.
  if (imagesBuilt || process.env.PID1_TEST_IMAGES_READY === '1') return;
  execFileSync('bash', [path.join(REPO, 'test', 'docker', 'build-images.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  imagesBuilt = true;
}

/** Runs the docker client and returns its stdout (for checks the demo API does not cover). */
export function docker(...args: string[]): string {
  return execFileSync(DOCKER_CLI, args, { encoding: 'utf8' });
}

/**
 * Containers and images that carry the demo's label and were made by this test process, whatever
 * run made them. (The engine is shared: demos of other processes may be running on it.)
 */
export function labelledLeftovers(): { containers: string[]; images: string[] } {
  const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
  const mine = `label=${OWNER_LABEL}=${ownerId()}`;
  return {
    containers: lines(
      docker('ps', '-a', '-q', '--filter', 'label=pid1-doctor=1', '--filter', mine),
    ),
    images: lines(docker('image', 'ls', '-q', '--filter', 'label=pid1-doctor=1', '--filter', mine)),
  };
}

const tempFolders: string[] = [];
process.on('exit', () => {
  for (const dir of tempFolders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function tempFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempFolders.push(dir);
  return dir;
}

/**
 * Writes a Dockerfile (and any other files of its build context) into a fresh temporary folder
 * and returns the Dockerfile's path.
 */
export function writeDockerfile(text: string, others: Record<string, string> = {}): string {
  const dir = tempFolder('pid1-demo-');
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, text);
  for (const [name, content] of Object.entries(others)) {
    fs.writeFileSync(path.join(dir, name), content);
  }
  return file;
}

/** The containers and images of one demo run, by its run id (other runs may share the engine). */
export function runLeftovers(runId: string): { containers: string[]; images: string[] } {
  const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
  const filter = `label=pid1-doctor.run=${runId}`;
  return {
    containers: lines(docker('ps', '-a', '-q', '--filter', filter)),
    images: lines(docker('image', 'ls', '-q', '--filter', filter)),
  };
}

/** A fresh run id for a test that checks its own leftovers. */
export function testRunId(): string {
  return `t${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The options every test run shares: our client, grace 3, ready when the app says so. */
export function demoOptions(options: DemoOptions): DemoOptions {
  return {
    cliPath: DOCKER_CLI,
    grace: GRACE,
    readyPattern: '^ready$',
    readyDelaySeconds: 0.3,
    readyTimeoutSeconds: 30,
    ...options,
  };
}

/** Runs the demo with the shared options. */
export function demo(options: DemoOptions): Promise<DemoReport> {
  return runDemo(demoOptions(options));
}

/** The named scenario of a report; fails the test when it is missing. */
export function scenario(report: DemoReport, name: ScenarioReport['name']): ScenarioReport {
  const found = report.scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no ${name} scenario in ${JSON.stringify(report)}`);
  return found;
}

/** True when the app's SIGTERM handler printed its line (the only proof it ran). */
export function handlerRan(s: ScenarioReport): boolean {
  return s.logTail.some((line) => line.startsWith('handler: SIGTERM received'));
}

/** Measured on this project's engine: every SIGKILL after a 3 s grace took 3.06-3.39 s. */
export const KILLED_RANGE = { min: GRACE * 0.95, max: GRACE + 2.5 };
/** Measured: every stop that needed no SIGKILL took at most 0.8 s. */
export const FAST_STOP_MAX = 1.5;
