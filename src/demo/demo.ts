import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import {
  classifyFailure,
  ContainerCliKind,
  ContainerDriver,
  DriverError,
  DriverErrorKind,
} from './driver';
import { imageReferenceProblem } from './reference';
import { buildReport, DemoReport, ScenarioName, ScenarioOutcome } from './report';
import {
  buildImage,
  removeImage,
  runScenario,
  ScenarioSettings,
  ScenarioSpec,
  sweep,
} from './scenarios';

/** What to demonstrate, and how. The CLI flags and the editor settings both map onto this. */
export interface DemoOptions {
  /** An image reference to run as is. Exactly one of `image` and `dockerfile` is required. */
  image?: string;
  /** A Dockerfile to build first (absolute, or relative to `cwd`). */
  dockerfile?: string;
  /** The build context; the Dockerfile's folder by default. */
  context?: string;
  /** Resolves relative paths; process.cwd() by default. */
  cwd?: string;
  /**
   * The Dockerfile text with the fixes applied in memory. When given, a "with-fixes" scenario
   * builds it with `docker build -f - <context>`; the user's files stay untouched.
   */
  fixedDockerfileText?: string;
  /** The titles of the fixes in `fixedDockerfileText`, shown with the with-fixes scenario. */
  fixTitles?: string[];
  buildArgs?: Record<string, string>;
  /** The id in this run's labels and names (lowercase letters, digits, "-"); random by default. */
  runId?: string;
  /** Which scenarios to run; as-written and under-init (and with-fixes when there is fixed text). */
  scenarios?: ScenarioName[];

  /** `docker` (default) or `podman`. */
  cli?: ContainerCliKind;
  /** The CLI binary; the `cli` name looked up on PATH by default. */
  cliPath?: string;
  /** The CLI's environment (DOCKER_HOST...); process.env by default. */
  env?: NodeJS.ProcessEnv;

  /** `docker stop -t` grace period in seconds; 10 by default. */
  grace?: number;
  /** The network to run in: "none" by default; null for the engine's default network. */
  network?: string | null;
  /** Extra `docker run` arguments, before the image. */
  runArgs?: string[];
  /** `--memory`; "256m" by default. */
  memory?: string;
  /** `--pids-limit`; 256 by default. */
  pidsLimit?: number;
  /** Seconds to wait before the stop (after the pattern, when there is one); 2 by default, 0 with a pattern. */
  readyDelaySeconds?: number;
  /** A regular expression; the first log line it matches means the app is ready. */
  readyPattern?: string;
  /** The longest wait for the pattern, in seconds; 60 by default. */
  readyTimeoutSeconds?: number;
  /** How many log lines the report keeps; 10 by default. */
  logTailLines?: number;

  /** A compose service's `init: true`: the as-written run gets `--init` too. */
  init?: boolean;
  /** A compose service's `entrypoint`, as words. */
  entrypoint?: string[];
  /** A compose service's `command`, or `docker run` arguments after the image. */
  command?: string[];
  /** A compose service's `stop_signal`. */
  stopSignal?: string;
}

/** Progress, log lines and cancellation for one demo run. */
export interface DemoHooks {
  /** Build output and the containers' own log lines, prefixed with the scenario. */
  onLog?(line: string): void;
  /** Short progress messages, for a notification. */
  onProgress?(message: string): void;
  /** Cancels the demo at once; everything it created is removed before runDemo rejects. */
  signal?: AbortSignal;
}

/**
 * Why the demo could not run: the driver's kinds, plus a refused option, an image reference that
 * is not valid, an image that is not there, and a failed build.
 */
export type DemoErrorKind =
  DriverErrorKind | 'invalid-option' | 'invalid-image' | 'image-not-found' | 'build-failed';

/** The demo could not run; `detail` holds the tool's own output when there is any. */
export class DemoError extends Error {
  constructor(
    readonly kind: DemoErrorKind,
    message: string,
    readonly detail = '',
  ) {
    super(message);
    this.name = 'DemoError';
  }
}

/** Default grace, as in `docker stop`. */
export const DEFAULT_GRACE = 10;

interface Resolved {
  driver: ContainerDriver;
  settings: Omit<ScenarioSettings, 'runId' | 'signal' | 'onLog' | 'onProgress'>;
  dockerfile?: string;
  context?: string;
}

function resolveOptions(options: DemoOptions): Resolved {
  const cwd = options.cwd ?? process.cwd();
  if ((options.image === undefined) === (options.dockerfile === undefined)) {
    throw new DemoError('invalid-option', 'Give either an image or a Dockerfile to demonstrate.');
  }
  if (options.image !== undefined) {
    const problem = imageReferenceProblem(options.image);
    if (problem) throw new DemoError('invalid-image', problem);
  }
  const cli = options.cli ?? 'docker';
  if (cli !== 'docker' && cli !== 'podman') {
    throw new DemoError(
      'invalid-option',
      `The container CLI must be docker or podman, not "${cli}".`,
    );
  }
  const grace = options.grace ?? DEFAULT_GRACE;
  if (!Number.isInteger(grace) || grace < 0) {
    // docker stop -t takes whole seconds.
    throw new DemoError(
      'invalid-option',
      `The grace period must be whole seconds (0 or more), not ${grace}.`,
    );
  }
  let pattern: RegExp | undefined;
  if (options.readyPattern !== undefined) {
    try {
      pattern = new RegExp(options.readyPattern);
    } catch (error) {
      throw new DemoError(
        'invalid-option',
        `The ready pattern is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
  for (const [label, value] of [
    ['ready delay', options.readyDelaySeconds],
    ['ready timeout', options.readyTimeoutSeconds],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new DemoError(
        'invalid-option',
        `The ${label} must be a number of seconds (0 or more), not ${value}.`,
      );
    }
  }
  if (options.runId !== undefined && !/^[a-z0-9][a-z0-9-]{0,31}$/.test(options.runId)) {
    throw new DemoError(
      'invalid-option',
      `The run id must be lowercase letters, digits and "-", not "${options.runId}".`,
    );
  }
  const network = options.network === undefined ? 'none' : (options.network ?? undefined);

  const dockerfile =
    options.dockerfile === undefined ? undefined : path.resolve(cwd, options.dockerfile);
  const contextBase = options.context ?? (dockerfile ? path.dirname(dockerfile) : undefined);
  const context = contextBase === undefined ? undefined : path.resolve(cwd, contextBase);
  if (options.fixedDockerfileText !== undefined && context === undefined) {
    throw new DemoError(
      'invalid-option',
      'The with-fixes scenario needs a build context (a Dockerfile or a context folder).',
    );
  }

  return {
    driver: new ContainerDriver({ cli, path: options.cliPath, env: options.env }),
    settings: {
      grace,
      network,
      runArgs: options.runArgs ?? [],
      memory: options.memory ?? '256m',
      pidsLimit: options.pidsLimit ?? 256,
      readiness: {
        delaySeconds: options.readyDelaySeconds ?? (pattern ? 0 : 2),
        pattern,
        timeoutSeconds: options.readyTimeoutSeconds ?? 60,
      },
      logTailLines: options.logTailLines ?? 10,
    },
    dockerfile,
    context,
  };
}

/** Turns a driver failure into the demo's error, keeping the tool's stderr. */
function asDemoError(error: unknown, what: string): DemoError {
  if (error instanceof DemoError) return error;
  if (error instanceof DriverError) {
    const message =
      error.kind === 'daemon-not-running'
        ? `The container engine is not running or cannot be reached (${what}): ${error.message}`
        : error.kind === 'permission-denied'
          ? `Permission denied talking to the container engine (${what}): ${error.message}`
          : error.kind === 'not-installed' || error.kind === 'cancelled'
            ? error.message
            : `${what} failed: ${error.message}`;
    return new DemoError(error.kind, message, error.stderr);
  }
  return new DemoError('exited-non-zero', `${what} failed: ${(error as Error).message}`);
}

async function checkImage(
  driver: ContainerDriver,
  image: string,
  signal?: AbortSignal,
): Promise<void> {
  // The demo never pulls: a missing image is named here rather than fetched by `docker run`.
  const result = await driver.call(['image', 'inspect', '-f', '{{.Id}}', image], {
    signal,
    timeoutMs: 30_000,
    allowNonZero: true,
  });
  if (result.exitCode === 0) return;
  if (/no such (image|object)|image not known/i.test(result.stderr)) {
    throw new DemoError(
      'image-not-found',
      `The image ${image} is not on this engine; pull or build it first (the demo never pulls).`,
      result.stderr,
    );
  }
  // Anything else: the stderr may still say that the daemon is down or access was refused.
  throw asDemoError(
    classifyFailure([driver.path, 'image', 'inspect'], result.stderr, result.exitCode),
    `Looking up ${image}`,
  );
}

/**
 * Runs the demo: builds the image when given a Dockerfile (and the fixed text when given), runs
 * the scenarios in parallel, stops each with the grace period, and reports what happened.
 * Everything it creates is removed before it returns or rejects. Rejects with a DemoError.
 */
export async function runDemo(options: DemoOptions, hooks: DemoHooks = {}): Promise<DemoReport> {
  const { driver, settings, dockerfile, context } = resolveOptions(options);
  const { signal, onLog, onProgress } = hooks;
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const builtTags: string[] = [];

  try {
    let image = options.image;
    let fixedImage: string | undefined;
    const builds: Promise<void>[] = [];
    const build = (
      tag: string,
      what: string,
      file: { dockerfile?: string; dockerfileText?: string },
    ) => {
      builtTags.push(tag);
      onProgress?.(`Building ${what}`);
      return buildImage(driver, {
        tag,
        context: context!,
        ...file,
        runId,
        buildArgs: options.buildArgs,
        signal,
        onLine: (line) => onLog?.(`[build ${what}] ${line}`),
      }).catch((error: unknown) => {
        const failure = asDemoError(error, `Building ${what}`);
        throw failure.kind === 'exited-non-zero'
          ? new DemoError(
              'build-failed',
              `Building ${what} failed: ${failure.detail.trim() || failure.message}`,
              failure.detail,
            )
          : failure;
      });
    };
    if (dockerfile) {
      image = `pid1-doctor-tmp:${runId}`;
      builds.push(build(image, dockerfile, { dockerfile }));
    } else {
      builds.push(checkImage(driver, image!, signal));
    }
    if (options.fixedDockerfileText !== undefined) {
      fixedImage = `pid1-doctor-tmp:${runId}-fixed`;
      builds.push(
        build(fixedImage, 'the Dockerfile with fixes', {
          dockerfileText: options.fixedDockerfileText,
        }),
      );
    }
    await settleAll(builds);

    const wanted = options.scenarios ?? [
      'as-written',
      'under-init',
      ...(fixedImage ? ['with-fixes' as const] : []),
    ];
    const overrides = {
      entrypoint: options.entrypoint,
      command: options.command,
      stopSignal: options.stopSignal,
    };
    const specs: ScenarioSpec[] = wanted.map((name) => {
      if (name === 'with-fixes') {
        if (!fixedImage)
          throw new DemoError(
            'invalid-option',
            'The with-fixes scenario needs the fixed Dockerfile text.',
          );
        return {
          name,
          image: fixedImage,
          init: options.init ?? false,
          fixes: options.fixTitles ?? [],
          ...overrides,
        };
      }
      return {
        name,
        image: image!,
        init: name === 'under-init' || (options.init ?? false),
        ...overrides,
      };
    });

    onProgress?.(`Running ${specs.map((s) => s.name).join(', ')} (grace ${settings.grace} s)`);
    const full: ScenarioSettings = { ...settings, runId, signal, onLog, onProgress };
    const outcomes: ScenarioOutcome[] = await settleAll(
      specs.map((spec) =>
        runScenario(driver, spec, full).catch((error: unknown) => {
          throw asDemoError(error, `The ${spec.name} run`);
        }),
      ),
    );
    return buildReport(options.image ?? options.dockerfile!, settings.grace, driver.cli, outcomes);
  } catch (error) {
    throw asDemoError(error, 'The demo');
  } finally {
    // One at a time, newest first: the images share cached layers, and two removals pruning
    // the same untagged parents at once trip over each other.
    for (const tag of [...builtTags].reverse()) await removeImage(driver, tag, onLog);
    // Each scenario removes its own container; this catches what a crash in between left.
    await sweep(driver, { runId }).catch((error: unknown) => {
      onLog?.(`clean-up of run ${runId} failed: ${(error as Error).message}`);
    });
  }
}

/**
 * Waits for every promise, so no clean-up starts while a sibling is still creating things, then
 * rejects with the most telling error (a cancel first) or resolves with all the values.
 */
async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    const cancelled = failures.find((f) => f instanceof DemoError && f.kind === 'cancelled');
    throw cancelled ?? failures[0];
  }
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
