/**
 * The LaunchPlan: for one launch site, the chain of processes that will run, who is PID 1, and
 * where each link is written. Rules read plans; they never read text.
 */
import type {
  CommandInstruction,
  ComposeModel,
  ComposeService,
  MappedText,
  ShellAnalysis,
} from '../parse/model';
import type { Location, Range } from '../types';
import type { BaseImageInfo } from '../workspace/knowledge';

export type LinkRole = 'init' | 'shell' | 'package-manager' | 'script' | 'app';

/** Which shell runs shell text. `unknown`: the image's /bin/sh is not known to us. */
export type ShellKind = 'dash' | 'bash' | 'ash' | 'unknown';

/**
 * What a link does with the SIGTERM that `docker stop` sends to PID 1 (or passes down to it).
 * - `forwards`: hands it to its child (an init, npm).
 * - `swallows`: a shell that stays in the chain: it takes the signal and the child never sees it.
 * - `ignores`: as PID 1 with no handler of the app's own, nothing happens (node, measured).
 * - `exits`: stops by itself; `exits-143`: stops by itself and reports 143 (a JVM).
 * - `unknown`: not known to us.
 */
export type SigtermBehaviour =
  'forwards' | 'swallows' | 'ignores' | 'exits' | 'exits-143' | 'unknown';

export interface ShellLink {
  kind: ShellKind;
  /** How we know the kind: the argv0 itself (`bash`), or the image's /bin/sh. */
  kindSource: 'argv0' | 'image' | 'shebang' | 'unknown';
  /** The text the shell runs (the `-c` string or the script file's text). */
  text: string;
  analysis: ShellAnalysis;
  /** Where `text` is written, with a map from its offsets to the file; absent for text we do
   *  not have a place for (a base image's entrypoint script). */
  mapped?: MappedText;
  /** The path of the file that holds `text`. */
  textPath?: string;
  /** `-c` text or a script file. Measured: no shell execs the last command of a script file. */
  mode: '-c' | 'script';
  /** Whether the shell replaces itself with its last command, and why. */
  execs: boolean;
  execReason:
    | 'explicit-exec'
    | 'implicit-exec'
    | 'dash-never'
    | 'script-never'
    | 'not-last'
    | 'app-not-last'
    | 'unknown-shell'
    | 'no-command';
  /** True when the shell form was written as such (ENTRYPOINT/CMD shell form); false for an
   *  explicit `sh -c` the user wrote. */
  implicit: boolean;
}

export interface InitLink {
  name: 'tini' | 'dumb-init' | 'docker-init' | 'catatonit' | 's6-overlay' | 'other';
  /** tini `-g` / dumb-init (default): signals go to the whole process group. */
  group: boolean;
  /** tini `-s` or TINI_SUBREAPER: works below PID 1. */
  subreaper: boolean;
  /** tini `-e CODE` values. */
  remapExitCodes: number[];
  /** `docker run --init` / compose `init: true`, rather than written into the command. */
  fromRuntime: boolean;
}

export interface ChainLink {
  role: LinkRole;
  /** The words of the process as far as they are known; unexpanded `$VAR`s stay as written. */
  argv: string[];
  /** A short name for messages: "/bin/sh (dash)", "npm", "node", "tini". */
  label: string;
  /** Where the words that start this process are written. */
  source?: Location;
  sigterm: SigtermBehaviour;
  reaps: boolean | 'unknown';
  shell?: ShellLink;
  init?: InitLink;
  /** For a package manager: the package.json script it runs, when found. */
  packageScript?: { name: string; command: string; packageJsonPath: string; implicit?: boolean };
  /** For a package manager whose script was not read: why (no build, a package.json left out
   *  of the image, none anywhere, one without the script, one that is not JSON). */
  packageJsonMissing?: {
    reason: 'no-build' | 'not-copied' | 'absent' | 'no-script' | 'invalid';
    /** Where the package manager looks in the image (`/app/package.json`). */
    imagePath: string;
    /** For not-copied: the package.json in the build context that no COPY puts there. */
    hostPath?: string;
    /** A COPY --from another stage, which is not followed, might put one there. */
    copyFrom?: boolean;
  };
  /** For a script file: where it came from. */
  script?: { imagePath: string; hostPath?: string };
  /** True when this process replaces itself with the next link (`exec`): it is never a
   *  process of its own in the running container, so it cannot be PID 1. */
  transient?: boolean;
}

export type LaunchSiteKind = 'dockerfile' | 'compose-service';

export interface LaunchPlan {
  kind: LaunchSiteKind;
  /** The file that defines the site (the Dockerfile, or the compose file). */
  path: string;
  /** "final stage", "stage runtime", "service web". */
  name: string;
  /** Where site-level findings land when no link has a better place. */
  anchor: Location;
  /** For a compose service that builds a Dockerfile: that Dockerfile and the stage. */
  build?: { dockerfilePath: string; stageIndex: number; target?: string };
  baseImage?: string;
  baseInfo?: BaseImageInfo;
  /** The image's /bin/sh, as far as we know. */
  imageShell: ShellKind;
  /** chain[0] is PID 1; each next link is a child of the one before. Empty when nothing is
   *  known about what runs (an unknown image with no command). */
  chain: ChainLink[];
  /** STOPSIGNAL / stop_signal in force. */
  stopSignal?: { value: string; location?: Location; valueRange?: Range };
  /** Seconds `docker stop` waits before SIGKILL (10 unless compose stop_grace_period says). */
  graceSeconds: number;
  /** `init: true` on the service. */
  runtimeInit?: { location: Location };
  /** The Dockerfile instructions in force for this site (a compose override replaces them). */
  instructions?: {
    path: string;
    entrypoint?: CommandInstruction;
    cmd?: CommandInstruction;
    shell?: CommandInstruction;
    stageIndex: number;
  };
  /** For a compose service: the file's model and the service. */
  compose?: { model: ComposeModel; service: ComposeService };
  /** Facts the plan could not establish, said in words, for `explain` and hovers. */
  notes: string[];
}
