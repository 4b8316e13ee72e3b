import * as os from 'node:os';
import { ContainerDriver, DriverError } from './driver';
import type { ScenarioName, ScenarioOutcome } from './report';

/** Every container and image the demo creates carries this label, so a sweep can find them. */
export const LABEL = 'pid1-doctor';
/** The label that ties a container or image to one demo run. */
export const RUN_LABEL = 'pid1-doctor.run';
/**
 * The label naming the process that made a container or image, as `host:pid`, so that a sweep
 * removes what a crashed run left and never what a demo still running elsewhere is using.
 */
export const OWNER_LABEL = 'pid1-doctor.owner';

/** This process, as the owner label writes it. */
export function ownerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** The labels every container and image of a run carries. */
function labelArgs(runId: string): string[] {
  return [
    '--label',
    `${LABEL}=1`,
    '--label',
    `${RUN_LABEL}=${runId}`,
    '--label',
    `${OWNER_LABEL}=${ownerId()}`,
  ];
}

/** One container to start and stop. */
export interface ScenarioSpec {
  name: ScenarioName;
  image: string;
  /** Run with `--init` (tini in docker, catatonit in podman). */
  init: boolean;
  /** Overrides the image's ENTRYPOINT; the words after the first become leading arguments. */
  entrypoint?: string[];
  /** Overrides the image's CMD. */
  command?: string[];
  /** Overrides the image's STOPSIGNAL, as compose's `stop_signal` does. */
  stopSignal?: string;
  /** The with-fixes scenario: the titles of the fixes its image was built with. */
  fixes?: string[];
}

/** How to know the app is up before it is stopped. */
export interface Readiness {
  /** Seconds to wait after the start when there is no pattern, or after the pattern matched. */
  delaySeconds: number;
  /** A log line matching this means ready. */
  pattern?: RegExp;
  /** The longest wait for the pattern; the stop goes ahead after it, with a note. */
  timeoutSeconds: number;
}

/** What every scenario of one run shares. */
export interface ScenarioSettings {
  runId: string;
  /** Seconds `docker stop -t` waits before SIGKILL. */
  grace: number;
  /** `--network` value; undefined leaves the engine's default. */
  network?: string;
  /** Extra `docker run` arguments, placed before the image. */
  runArgs: string[];
  memory: string;
  pidsLimit: number;
  readiness: Readiness;
  logTailLines: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  onProgress?: (message: string) => void;
}

// Bounds for the CLI calls around the stop. Creating a container copies the whole image with the
// vfs storage driver, which takes seconds on a large image.
const RUN_TIMEOUT_MS = 120_000;
const PROBE_TIMEOUT_MS = 15_000;

/** What `--init` puts in front of the command, by CLI: tini in Docker, catatonit in Podman. */
export function initName(cli: 'docker' | 'podman'): string {
  return cli === 'podman' ? 'catatonit' : 'tini';
}

/**
 * The init a `--init` run really got, read from PID 1's command line where it tells: Docker
 * mounts its tini as /sbin/docker-init, Podman its catatonit as /run/podman-init. Falls back to
 * the CLI's default when PID 1 could not be read or names something else.
 */
export function initFromPid1(pid1: string, cli: 'docker' | 'podman'): string {
  const first = (pid1.trim().split(/\s+/)[0] ?? '').split('/').pop() ?? '';
  if (first === 'catatonit' || first === 'podman-init') return 'catatonit';
  if (first === 'docker-init' || first === 'tini' || first === 'tini-static') return 'tini';
  if (first === 'dumb-init') return 'dumb-init';
  return initName(cli);
}

/** Waits `ms`, or rejects as cancelled when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DriverError('cancelled', 'The demo was cancelled', []));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DriverError('cancelled', 'The demo was cancelled', []));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The `docker run` arguments of a scenario, image and command included. */
export function runArguments(
  spec: ScenarioSpec,
  settings: ScenarioSettings,
  name: string,
): string[] {
  const args = ['run', '-d', '--name', name, '--pull', 'never'];
  args.push(...labelArgs(settings.runId), '--label', `${LABEL}.scenario=${spec.name}`);
  // Swap as large as the memory limit means no swap, so the limit is the one the app meets.
  args.push('--memory', settings.memory, '--memory-swap', settings.memory);
  args.push('--pids-limit', String(settings.pidsLimit));
  if (settings.network !== undefined) args.push('--network', settings.network);
  if (spec.init) args.push('--init');
  if (spec.stopSignal) args.push('--stop-signal', spec.stopSignal);
  if (spec.entrypoint && spec.entrypoint.length > 0) args.push('--entrypoint', spec.entrypoint[0]);
  args.push(...settings.runArgs, spec.image);
  if (spec.entrypoint) args.push(...spec.entrypoint.slice(1));
  if (spec.command) args.push(...spec.command);
  return args;
}

/**
 * Runs one scenario: start the container, wait until it is ready, read PID 1 and the zombies,
 * stop it with the grace period, and read how it ended. The container is removed however this
 * ends: success, failure, timeout or cancel.
 */
export async function runScenario(
  driver: ContainerDriver,
  spec: ScenarioSpec,
  settings: ScenarioSettings,
): Promise<ScenarioOutcome> {
  const name = `pid1-doctor-${settings.runId}-${spec.name}`;
  const { signal } = settings;
  const say = (message: string): void => settings.onProgress?.(`${spec.name}: ${message}`);
  const notes: string[] = [];

  try {
    say(`starting ${spec.image}${spec.init ? ' with --init' : ''}`);
    // Not killed on cancel: the daemon may create the container even when the client goes away,
    // and a container that appears after the clean-up would be left behind. `run -d` is quick.
    await driver.call(runArguments(spec, settings, name), {
      signal,
      killOnAbort: false,
      timeoutMs: RUN_TIMEOUT_MS,
    });

    const readyNote = await waitUntilReady(driver, name, spec.name, settings);
    if (readyNote) notes.push(readyNote);

    const before = await inspectState(driver, name, signal);
    const stopSignal = normalizeSignal(await readStopSignal(driver, name, signal));
    let pid1 = '';
    let zombies: number | null = null;
    let stopSeconds: number | null = null;
    if (before.Running) {
      pid1 = await readPid1(driver, name, before.Pid, notes, signal);
      zombies = await countZombies(driver, name, notes, signal);
      say(`stopping with ${stopSignal}, grace ${settings.grace} s`);
      const stop = await driver.call(['stop', '-t', String(settings.grace), name], {
        signal,
        timeoutMs: (settings.grace + 60) * 1000,
      });
      stopSeconds = stop.seconds;
    }

    const after = await inspectState(driver, name, signal);
    const logTail = await readLogTail(driver, name, settings.logTailLines, signal);
    say(`exit ${after.ExitCode}${stopSeconds === null ? ' (exited by itself)' : ''}`);
    return {
      name: spec.name,
      image: spec.image,
      init: spec.init ? initFromPid1(pid1, driver.cli) : null,
      pid1,
      stopSignal,
      stopSeconds,
      exitCode: after.ExitCode,
      oom: after.OOMKilled,
      zombies,
      logTail,
      exitedBeforeStop: stopSeconds === null,
      notes,
      ...(spec.fixes ? { fixes: spec.fixes } : {}),
    };
  } finally {
    // Also after a failed `run`: a container can exist even when the client reported an error.
    await removeContainer(driver, name, settings.onLog);
  }
}

interface ContainerState {
  Running: boolean;
  Pid: number;
  ExitCode: number;
  OOMKilled: boolean;
}

async function inspectState(
  driver: ContainerDriver,
  name: string,
  signal?: AbortSignal,
): Promise<ContainerState> {
  const { stdout } = await driver.call(['inspect', '-f', '{{json .State}}', name], {
    signal,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  const state = JSON.parse(stdout) as Partial<ContainerState>;
  return {
    Running: state.Running === true,
    Pid: state.Pid ?? 0,
    ExitCode: state.ExitCode ?? -1,
    OOMKilled: state.OOMKilled === true,
  };
}

async function readStopSignal(
  driver: ContainerDriver,
  name: string,
  signal?: AbortSignal,
): Promise<string> {
  const { stdout } = await driver.call(['inspect', '-f', '{{.Config.StopSignal}}', name], {
    signal,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return stdout.trim();
}

const SIGNAL_NUMBERS: Record<string, string> = {
  '2': 'SIGINT',
  '3': 'SIGQUIT',
  '9': 'SIGKILL',
  '15': 'SIGTERM',
};

/** "TERM", "15", "sigterm" and "" (the default) all mean SIGTERM. */
export function normalizeSignal(raw: string): string {
  const value = raw.trim().toUpperCase();
  if (value === '' || value === '<NO VALUE>') return 'SIGTERM';
  if (/^\d+$/.test(value)) return SIGNAL_NUMBERS[value] ?? `signal ${value}`;
  return value.startsWith('SIG') ? value : `SIG${value}`;
}

/**
 * Waits for the pattern (following the log) or the fixed delay. Returns a note when the pattern
 * never showed up within its bound; the stop then goes ahead anyway, since how the container
 * stops is still worth showing.
 */
async function waitUntilReady(
  driver: ContainerDriver,
  name: string,
  scenario: string,
  settings: ScenarioSettings,
): Promise<string | undefined> {
  const { readiness, signal } = settings;
  if (!readiness.pattern) {
    await sleep(readiness.delaySeconds * 1000, signal);
    return undefined;
  }

  const pattern = readiness.pattern;
  const follow = new AbortController();
  const stopFollowing = (): void => follow.abort();
  signal?.addEventListener('abort', stopFollowing, { once: true });
  let matched = false;
  try {
    await driver
      .call(['logs', '-f', name], {
        signal: follow.signal,
        timeoutMs: readiness.timeoutSeconds * 1000,
        allowNonZero: true,
        onLine: (line) => {
          settings.onLog?.(`[${scenario}] ${line}`);
          if (!matched && pattern.test(line)) {
            matched = true;
            follow.abort();
          }
        },
      })
      .catch((error: unknown) => {
        // Our own abort after the match, and the bound running out, both end the wait normally.
        if (!(error instanceof DriverError)) throw error;
        if (error.kind === 'cancelled' && signal?.aborted) throw error;
        if (error.kind !== 'cancelled' && error.kind !== 'timeout') throw error;
      });
  } finally {
    signal?.removeEventListener('abort', stopFollowing);
  }
  if (signal?.aborted) throw new DriverError('cancelled', 'The demo was cancelled', []);
  if (!matched) {
    // The log ended (the container exited) or the bound ran out; the state read next tells which.
    return `No log line matched /${pattern.source}/ within ${readiness.timeoutSeconds} s; stopped without it.`;
  }
  if (readiness.delaySeconds > 0) await sleep(readiness.delaySeconds * 1000, signal);
  return undefined;
}

/**
 * PID 1's command line: /proc/1/cmdline read inside the container when the image has `cat`,
 * else the engine's process list (`docker top`), which needs nothing in the image.
 */
async function readPid1(
  driver: ContainerDriver,
  name: string,
  hostPid: number,
  notes: string[],
  signal?: AbortSignal,
): Promise<string> {
  const inside = await driver.call(['exec', name, 'cat', '/proc/1/cmdline'], {
    signal,
    timeoutMs: PROBE_TIMEOUT_MS,
    allowNonZero: true,
  });
  if (inside.exitCode === 0 && inside.stdout !== '') {
    return inside.stdout.replace(/\0+$/, '').split('\0').join(' ');
  }

  const rows = await topRows(driver, name, ['args'], signal);
  // docker top lists host PIDs, so PID 1 is the one inspect names; podman lists the container's.
  const wanted = driver.cli === 'podman' ? '1' : String(hostPid);
  const row = rows.find((r) => r[0] === wanted);
  notes.push('PID 1 was read from the engine\u2019s process list: the image has no cat.');
  return row ? row.slice(1).join(' ') : '';
}

/** Processes in state Z, from /proc inside the container or else from the engine's list. */
async function countZombies(
  driver: ContainerDriver,
  name: string,
  notes: string[],
  signal?: AbortSignal,
): Promise<number | null> {
  const inside = await driver.call(
    ['exec', name, 'sh', '-c', 'cat /proc/[0-9]*/stat 2>/dev/null; exit 0'],
    { signal, timeoutMs: PROBE_TIMEOUT_MS, allowNonZero: true },
  );
  if (inside.exitCode === 0 && inside.stdout.trim() !== '') return countZombieStats(inside.stdout);

  try {
    const rows = await topRows(driver, name, ['stat'], signal);
    notes.push('Zombies were counted from the engine\u2019s process list: the image has no sh.');
    return rows.filter((r) => r[1]?.startsWith('Z')).length;
  } catch (error) {
    if (error instanceof DriverError && error.kind === 'cancelled') throw error;
    notes.push(
      'Zombies could not be counted: neither /proc nor the engine\u2019s process list could be read.',
    );
    return null;
  }
}

/** Counts state Z in /proc/PID/stat lines; the state follows the command name's closing ")". */
export function countZombieStats(statText: string): number {
  let zombies = 0;
  for (const line of statText.split('\n')) {
    const close = line.lastIndexOf(')');
    if (
      close >= 0 &&
      line
        .slice(close + 1)
        .trim()
        .startsWith('Z')
    )
      zombies += 1;
  }
  return zombies;
}

async function topRows(
  driver: ContainerDriver,
  name: string,
  fields: string[],
  signal?: AbortSignal,
): Promise<string[][]> {
  // docker top passes ps options through; podman takes its own format descriptors.
  const args =
    driver.cli === 'podman'
      ? ['top', name, 'pid', ...fields.map((f) => (f === 'stat' ? 'state' : f))]
      : ['top', name, '-o', ['pid', ...fields].join(',')];
  const { stdout } = await driver.call(args, { signal, timeoutMs: PROBE_TIMEOUT_MS });
  return stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((row) => row.length > 1);
}

/**
 * The last lines of the log, stdout and stderr merged in the order they were written: `logs -t`
 * stamps every line, and the two streams arrive on separate pipes.
 */
async function readLogTail(
  driver: ContainerDriver,
  name: string,
  lines: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const { stdout, stderr } = await driver.call(['logs', '-t', '--tail', String(lines), name], {
    signal,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return mergeTimestamped(stdout, stderr).slice(-lines);
}

/** Merges two `logs -t` outputs by their RFC 3339 stamps and strips the stamps. */
export function mergeTimestamped(...streams: string[]): string[] {
  const entries: { stamp: string; text: string; order: number }[] = [];
  let order = 0;
  for (const stream of streams) {
    for (const line of stream.split('\n')) {
      if (line === '') continue;
      const space = line.indexOf(' ');
      const stamp = space > 0 ? line.slice(0, space) : '';
      const text = space > 0 ? line.slice(space + 1) : line;
      entries.push({ stamp: padNanos(stamp), text: text.replace(/\r$/, ''), order: order++ });
    }
  }
  entries.sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : a.order - b.order));
  return entries.map((e) => e.text);
}

// Docker trims trailing zeros from the fraction ("…:05.1Z" vs "…:05.123Z"); pad so text order is time order.
function padNanos(stamp: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(stamp);
  if (!match) return stamp;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}${match[3]}`;
}

async function removeContainer(
  driver: ContainerDriver,
  name: string,
  onLog?: (line: string) => void,
): Promise<void> {
  // No signal here: the clean-up must run after a cancel too.
  const result = await driver
    .call(['rm', '-f', '-v', name], { timeoutMs: 60_000, allowNonZero: true })
    .catch((error: unknown) => error as Error);
  if (result instanceof Error) {
    onLog?.(`could not remove container ${name}: ${result.message}`);
  } else if (result.exitCode !== 0 && !/No such container/i.test(result.stderr)) {
    onLog?.(`could not remove container ${name}: ${result.stderr.trim()}`);
  }
}

/** What to build, and where its output goes. */
export interface BuildSpec {
  tag: string;
  /** The build context folder (absolute). */
  context: string;
  /** The Dockerfile path (absolute); when absent, `dockerfileText` is sent on stdin. */
  dockerfile?: string;
  /** The Dockerfile text, for a build of text that exists only in memory (`-f -`). */
  dockerfileText?: string;
  runId: string;
  buildArgs?: Record<string, string>;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Builds an image with the demo's labels. Output goes line by line to `onLine`. */
/**
 * Image builds and removals of this process, one at a time. The classic builder shares cached
 * layers between builds; two builds at once, or a removal pruning layers a build is using, made
 * builds fail with "failed to get digest ... no such file or directory" on our test engine.
 * A demo's second build is mostly cache hits, so waiting for the first costs little.
 */
let imageQueue: Promise<unknown> = Promise.resolve();
function oneImageJobAtATime<T>(job: () => Promise<T>): Promise<T> {
  const next = imageQueue.then(job, job);
  imageQueue = next.catch(() => undefined);
  return next;
}

export function buildImage(driver: ContainerDriver, spec: BuildSpec): Promise<void> {
  return oneImageJobAtATime(() => buildImageNow(driver, spec));
}

async function buildImageNow(driver: ContainerDriver, spec: BuildSpec): Promise<void> {
  const args = ['build', '--rm', '--force-rm', '-t', spec.tag];
  args.push(...labelArgs(spec.runId));
  for (const [key, value] of Object.entries(spec.buildArgs ?? {})) {
    args.push('--build-arg', `${key}=${value}`);
  }
  args.push('-f', spec.dockerfile ?? '-', spec.context);
  await driver.call(args, {
    signal: spec.signal,
    timeoutMs: spec.timeoutMs ?? 15 * 60_000,
    input: spec.dockerfile === undefined ? (spec.dockerfileText ?? '') : undefined,
    onLine: spec.onLine ? (line) => spec.onLine?.(line) : undefined,
  });
}

/** Removes an image the demo built; a failure is logged, never thrown. */
export async function removeImage(
  driver: ContainerDriver,
  tag: string,
  onLog?: (line: string) => void,
): Promise<void> {
  const result = await oneImageJobAtATime(() =>
    driver.call(['image', 'rm', tag], { timeoutMs: 60_000, allowNonZero: true }),
  ).catch((error: unknown) => error as Error);
  if (result instanceof Error) onLog?.(`could not remove image ${tag}: ${result.message}`);
  else if (result.exitCode !== 0 && !/No such image/i.test(result.stderr)) {
    onLog?.(`could not remove image ${tag}: ${result.stderr.trim()}`);
  }
}

/** What a sweep removed (what another process removed first, or could not be removed, is not listed). */
export interface SweepResult {
  containers: string[];
  images: string[];
}

/** How long a leftover made on another host is kept, in case its demo is still running there. */
const FOREIGN_LEFTOVER_MS = 60 * 60_000;

/**
 * Whether a labelled thing is a leftover: its owner process is gone. Things from before the owner
 * label, and things made on another host over an hour ago, count as leftovers too.
 */
export function isLeftover(owner: string, created: string, now = Date.now()): boolean {
  const match = /^(.*):(\d+)$/.exec(owner.trim());
  if (!match) return true;
  const [, host, pid] = match;
  if (host !== os.hostname()) {
    const made = Date.parse(created);
    return Number.isNaN(made) || now - made > FOREIGN_LEFTOVER_MS;
  }
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but is someone else's; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the containers and images carrying the demo's label: those of one run (`runId`), or,
 * at start-up, every leftover of a crashed earlier run (see {@link isLeftover}), so that a demo
 * still running in another window or terminal keeps its containers. Never touches anything
 * without the label.
 */
export async function sweep(
  driver: ContainerDriver,
  options: { runId?: string; signal?: AbortSignal } = {},
): Promise<SweepResult> {
  const filter = options.runId ? `label=${RUN_LABEL}=${options.runId}` : `label=${LABEL}=1`;
  const call = { signal: options.signal, timeoutMs: 60_000 };
  const list = async (args: string[]): Promise<string[]> => [
    ...new Set((await driver.call(args, call)).stdout.split('\n').filter((id) => id.trim() !== '')),
  ];
  // Without a run id, keep only what no live process owns.
  const leftovers = async (kind: 'container' | 'image', ids: string[]): Promise<string[]> => {
    if (options.runId || ids.length === 0) return ids;
    const format = `{{.Id}}\t{{index .Config.Labels "${OWNER_LABEL}"}}\t{{.Created}}`;
    const { stdout } = await driver.call([kind, 'inspect', '-f', format, ...ids], {
      ...call,
      allowNonZero: true,
    });
    const stale = new Set<string>();
    for (const line of stdout.split('\n')) {
      const [id, owner = '', created = ''] = line.split('\t');
      if (!id?.trim()) continue;
      if (isLeftover(owner === '<no value>' ? '' : owner, created)) stale.add(id.trim());
    }
    return ids.filter((id) =>
      [...stale].some((full) => full.startsWith(id) || id.startsWith(full)),
    );
  };

  const containers = await leftovers(
    'container',
    await list(['ps', '-a', '-q', '--no-trunc', '--filter', filter]),
  );
  const removed: SweepResult = { containers: [], images: [] };
  // One at a time, and a failure is no error: another sweep may be removing the same leftover, and
  // an image can still be the parent of one a live build is making.
  for (const id of containers) {
    const result = await driver.call(['rm', '-f', '-v', id], { ...call, allowNonZero: true });
    if (result.exitCode === 0) removed.containers.push(id);
  }
  const images = await leftovers(
    'image',
    await list(['image', 'ls', '-q', '--no-trunc', '--filter', filter]),
  );
  for (const id of images) {
    const result = await oneImageJobAtATime(() =>
      driver.call(['image', 'rm', '-f', id], { ...call, allowNonZero: true }),
    );
    if (result.exitCode === 0) removed.images.push(id);
  }
  return removed;
}
