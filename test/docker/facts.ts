/**
 * The runtime facts the product's diagnostics rely on, as the Docker tests measure them on the
 * local test images (Debian 12's dash, bash and BusyBox ash; the host's node and npm). Every entry
 * is asserted by facts.test.ts against a real engine, so this file, not a diagnostic's wording, is
 * the project's source of truth about runtime behaviour; when a test here fails, the fact (and the
 * wording that relies on it) is what changed.
 */

/** The /bin/sh variants of the test images. */
export type TestShell = 'dash' | 'bash' | 'busybox';

/**
 * Whether `sh -c "<one command>"` replaces itself with the command (so the app becomes PID 1).
 * Debian's dash does not; bash and BusyBox ash do. This is what makes shell-form a warning on
 * dash-based images and only info on bash or BusyBox ones.
 */
export const SHELL_EXECS_LONE_COMMAND: Readonly<Record<TestShell, boolean>> = {
  dash: false,
  bash: true,
  busybox: true,
};

/**
 * Whether `sh -c "<command>; <another>"` keeps the shell as PID 1: it must, since the shell has work
 * left after the command; true for all three.
 */
export const SHELL_STAYS_WITH_WORK_LEFT: Readonly<Record<TestShell, boolean>> = {
  dash: true,
  bash: true,
  busybox: true,
};

/** Node as PID 1 with no JavaScript SIGTERM handler keeps running on SIGTERM (needs SIGKILL). */
export const NODE_IGNORES_SIGTERM_AS_PID1 = true;

/** Node as PID 1 runs a `process.on('SIGTERM')` handler: PID 1 does receive handled signals. */
export const NODE_HANDLER_RUNS_AS_PID1 = true;

/** Node as PID 1 does not reap orphaned grandchildren: they stay zombies. */
export const NODE_REAPS_ORPHANS_AS_PID1 = false;

/** `docker run --init` (tini) in front of node without a handler: fast stop, exit 143. */
export const INIT_EXIT_CODE_FOR_UNHANDLED_SIGTERM = 143;

/** `tini -e 143` maps a child's 143 to 0. */
export const TINI_E143_EXIT_CODE = 0;

/**
 * `npm start` as PID 1 with dash as /bin/sh: npm passes SIGTERM to the `sh -c` it runs, the app's
 * handler never runs, and npm 11 exits 1.
 */
export const NPM_START_ON_DASH = { exitCode: 1, appHandlerRuns: false } as const;

/** An entrypoint script that runs the app without exec keeps its shell as PID 1 (any shell). */
export const SCRIPT_WITHOUT_EXEC_KEEPS_SHELL = true;
