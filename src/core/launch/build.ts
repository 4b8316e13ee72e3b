/**
 * Builds LaunchPlans: from the words that start a container to the chain of processes that
 * will run. Everything here follows what a real engine was measured to do
 * (shared/notes/pid1-measured.md and the project's Docker tests): Debian's dash never execs the
 * last command of `sh -c`; bash and BusyBox ash do; no shell execs the last command of a
 * script file; npm runs its package script through `/bin/sh -c`.
 */
import * as posixPath from 'node:path/posix';
import type {
  CommandInstruction,
  ComposeCommand,
  ComposeModel,
  ComposeService,
  DockerfileModel,
  MappedText,
  ShellAnalysis,
  SimpleCommand,
  Stage,
} from '../parse/model';
import { effectiveCommands, finalStage, stageByTarget } from '../parse/dockerfile';
import { analyzeShell, splitComposeWords } from '../parse/shell';
import type { FileReader, Location, Range } from '../types';
import {
  lookupBaseImage,
  lookupProgram,
  type BaseImageInfo,
  type ProgramInfo,
} from '../workspace/knowledge';
import type {
  ChainLink,
  InitLink,
  LaunchPlan,
  ShellKind,
  ShellLink,
  SigtermBehaviour,
} from './types';

/** One word of a command line, with where it is written when we know. */
interface Word {
  value: string;
  location?: Location;
  /** The word is part of the shell wrapper that shell form adds (`/bin/sh -c`). */
  implicitShell?: boolean;
  /** For the text word of `sh -c TEXT`: the map from the text to the file. */
  mapped?: MappedText;
  /** The text is bracketed text that is not JSON: its first word (`["npm",`) names no
   *  program, so the shell has nothing to hand PID 1 to and no app is guessed. */
  malformed?: boolean;
}

/** What expanding a chain needs to know about the image and the build. */
interface ChainContext {
  reader: FileReader;
  imageShell: ShellKind;
  baseInfo?: BaseImageInfo;
  /** For resolving scripts and package.json files COPY'd into the image. */
  build?: { model: DockerfileModel; stage: Stage; contextDir: string };
  notes: string[];
}

/** Docker's default grace period for `docker stop`. */
const DEFAULT_GRACE_SECONDS = 10;
const MAX_CHAIN = 16;

export interface PlanContext {
  reader: FileReader;
  /** Parsed Dockerfiles by absolute path, so compose services can reuse them. */
  dockerfile(path: string): DockerfileModel | undefined;
}

export function basename(program: string): string {
  const i = program.lastIndexOf('/');
  return i >= 0 ? program.slice(i + 1) : program;
}

function imageShellOf(info: BaseImageInfo | undefined): ShellKind {
  if (!info || info.shell === 'none') return 'unknown';
  return info.shell;
}

export function shellLabel(kind: ShellKind): string {
  switch (kind) {
    case 'dash':
      return 'dash';
    case 'bash':
      return 'bash';
    case 'ash':
      return 'BusyBox ash';
    default:
      return 'unknown shell';
  }
}

/** Resolves the stage a build starts from, through `FROM <stage>` chains. */
function rootStage(model: DockerfileModel, stage: Stage): Stage {
  let current = stage;
  const seen = new Set<number>();
  while (current.parentStage !== undefined && !seen.has(current.index)) {
    seen.add(current.index);
    const parent = model.stages[current.parentStage];
    if (!parent) break;
    current = parent;
  }
  return current;
}

function wordsOfInstruction(instr: CommandInstruction, path: string, shellWords: Word[]): Word[] {
  const form = instr.form;
  if (form.kind === 'exec') {
    return form.args.map((a) => ({ value: a.value, location: { path, range: a.range } }));
  }
  // Shell form, and bracketed text that is not JSON (Docker runs it as shell form too).
  const wrapper = shellWords.map((w) => ({
    ...w,
    location: { path, range: instr.keywordRange },
    implicitShell: true,
  }));
  return [
    ...wrapper,
    {
      value: form.mapped.text,
      location: { path, range: instr.argsRange },
      mapped: form.mapped,
      malformed: form.kind === 'malformed',
    },
  ];
}

function shellWordsOf(shell: CommandInstruction | undefined): Word[] {
  if (shell && shell.form.kind === 'exec' && shell.form.args.length > 0) {
    return shell.form.args.map((a) => ({ value: a.value }));
  }
  return [{ value: '/bin/sh' }, { value: '-c' }];
}

function composeWords(cmd: ComposeCommand, path: string): Word[] {
  if (cmd.kind === 'list') {
    return cmd.args.map((a) => ({ value: a.value, location: { path, range: a.range } }));
  }
  // Compose splits a string into words itself (go-shellwords) and runs no shell.
  const split = splitComposeWords(cmd.value);
  return split.words.map((w) => ({ value: w, location: { path, range: cmd.range } }));
}

interface DockerfileWords {
  entrypoint?: Word[];
  cmd?: Word[];
  instructions: NonNullable<LaunchPlan['instructions']>;
  /** The shell-form ENTRYPOINT makes CMD unused. */
  cmdIgnored: boolean;
}

function dockerfileWords(
  model: DockerfileModel,
  stageIndex: number,
  baseInfo: BaseImageInfo | undefined,
): DockerfileWords {
  const eff = effectiveCommands(model, stageIndex);
  const path = model.path;
  const shellWords = shellWordsOf(eff.shell?.instr);
  const instructions: DockerfileWords['instructions'] = {
    path,
    entrypoint: eff.entrypoint?.instr,
    cmd: eff.cmd?.instr,
    shell: eff.shell?.instr,
    stageIndex,
  };
  let entrypoint: Word[] | undefined;
  let cmd: Word[] | undefined;
  if (eff.entrypoint) {
    entrypoint = wordsOfInstruction(eff.entrypoint.instr, path, shellWords);
  } else if (baseInfo?.entrypoint) {
    entrypoint = baseInfo.entrypoint.map((value) => ({ value }));
  }
  if (eff.cmd) {
    cmd = wordsOfInstruction(eff.cmd.instr, path, shellWords);
  } else if (!eff.entrypoint && baseInfo?.cmd) {
    // Setting ENTRYPOINT resets the CMD inherited from the base image.
    cmd = baseInfo.cmd.map((value) => ({ value }));
  }
  const cmdIgnored = eff.entrypoint !== undefined && eff.entrypoint.instr.form.kind !== 'exec';
  return { entrypoint, cmd, instructions, cmdIgnored };
}

function joinWords(entrypoint: Word[] | undefined, cmd: Word[] | undefined, cmdIgnored: boolean) {
  const ep = entrypoint ?? [];
  if (cmdIgnored) return ep;
  return [...ep, ...(cmd ?? [])];
}

/** The LaunchPlan of one Dockerfile stage (the final one unless a compose target says). */
export function planDockerfile(
  model: DockerfileModel,
  ctx: PlanContext,
  stageIndex?: number,
): LaunchPlan | undefined {
  const stage = stageIndex === undefined ? finalStage(model) : model.stages[stageIndex];
  if (!stage) return undefined;
  const root = rootStage(model, stage);
  const baseInfo = lookupBaseImage(root.baseImage);
  const notes: string[] = [];
  const words = dockerfileWords(model, stage.index, baseInfo);
  const imageShell = imageShellOf(baseInfo);
  if (!baseInfo) {
    notes.push(
      `The base image ${root.baseImage} is not one PID 1 Doctor knows, so what its /bin/sh does with the last command is not known.`,
    );
  }
  const chainCtx: ChainContext = {
    reader: ctx.reader,
    imageShell,
    baseInfo,
    build: { model, stage, contextDir: posixPath.dirname(model.path) },
    notes,
  };
  const chain = expandChain(joinWords(words.entrypoint, words.cmd, words.cmdIgnored), chainCtx);
  const eff = effectiveCommands(model, stage.index);
  const stop = eff.stopSignal?.instr;
  return {
    kind: 'dockerfile',
    path: model.path,
    name: stage.name ? `stage ${stage.name}` : 'final stage',
    anchor: { path: model.path, range: stage.fromRange },
    baseImage: root.baseImage,
    baseInfo,
    imageShell,
    chain,
    stopSignal: stop
      ? {
          value: stop.value,
          location: { path: model.path, range: stop.range },
          valueRange: stop.valueRange,
        }
      : undefined,
    graceSeconds: DEFAULT_GRACE_SECONDS,
    instructions: words.instructions,
    notes,
  };
}

/** Parses compose's duration syntax (`1m30s`, `10s`, `500ms`) into seconds. */
export function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  let total = 0;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2];
    const factor =
      unit === 'h'
        ? 3600
        : unit === 'm'
          ? 60
          : unit === 's'
            ? 1
            : unit === 'ms'
              ? 1e-3
              : unit === 'us'
                ? 1e-6
                : 1e-9;
    total += n * factor;
    consumed += m[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? total : undefined;
}

/** The LaunchPlan of one compose service. */
export function planComposeService(
  compose: ComposeModel,
  service: ComposeService,
  ctx: PlanContext,
): LaunchPlan {
  const path = compose.path;
  const notes: string[] = [];
  let baseImage: string | undefined;
  let baseInfo: BaseImageInfo | undefined;
  let entrypoint: Word[] | undefined;
  let cmd: Word[] | undefined;
  let cmdIgnored = false;
  let build: LaunchPlan['build'];
  let instructions: LaunchPlan['instructions'];
  let stopSignal: LaunchPlan['stopSignal'];
  let buildCtx: ChainContext['build'];

  const model =
    service.build && !service.build.remote ? ctx.dockerfile(service.build.dockerfile) : undefined;
  if (service.build?.remote) {
    notes.push(
      `Service ${service.name} builds from a remote context (${service.build.context}), which is not followed.`,
    );
  }
  const stage = model
    ? service.build?.target
      ? stageByTarget(model, service.build.target)
      : finalStage(model)
    : undefined;
  if (model && stage) {
    const root = rootStage(model, stage);
    baseImage = root.baseImage;
    baseInfo = lookupBaseImage(baseImage);
    const words = dockerfileWords(model, stage.index, baseInfo);
    entrypoint = words.entrypoint;
    cmd = words.cmd;
    cmdIgnored = words.cmdIgnored;
    instructions = words.instructions;
    build = { dockerfilePath: model.path, stageIndex: stage.index, target: service.build?.target };
    buildCtx = { model, stage, contextDir: service.build!.context };
    const stop = effectiveCommands(model, stage.index).stopSignal?.instr;
    if (stop) {
      stopSignal = {
        value: stop.value,
        location: { path: model.path, range: stop.range },
        valueRange: stop.valueRange,
      };
    }
  } else if (service.build && !service.build.remote) {
    notes.push(
      `The Dockerfile ${service.build.dockerfile} that service ${service.name} builds could not be read${
        service.build.target && model ? ` (or has no stage ${service.build.target})` : ''
      }.`,
    );
  } else if (service.image) {
    baseImage = service.image.value;
    baseInfo = lookupBaseImage(baseImage);
    if (baseInfo?.entrypoint) entrypoint = baseInfo.entrypoint.map((value) => ({ value }));
    if (baseInfo?.cmd) cmd = baseInfo.cmd.map((value) => ({ value }));
    if (!baseInfo) notes.push(`The image ${baseImage} is not one PID 1 Doctor knows.`);
  }

  // Compose clears the image's CMD when it sets the entrypoint (compose specification).
  if (service.entrypoint) {
    entrypoint = composeWords(service.entrypoint, path);
    cmd = undefined;
    cmdIgnored = false;
    instructions = instructions
      ? { ...instructions, entrypoint: undefined, cmd: undefined }
      : undefined;
  }
  if (service.command) {
    cmd = composeWords(service.command, path);
    if (instructions) instructions = { ...instructions, cmd: undefined };
  }
  if (service.stopSignal) {
    stopSignal = {
      value: service.stopSignal.value,
      location: { path, range: service.stopSignal.range },
      valueRange: service.stopSignal.range,
    };
  }
  const imageShell = imageShellOf(baseInfo);
  const chainCtx: ChainContext = {
    reader: ctx.reader,
    imageShell,
    baseInfo,
    build: buildCtx,
    notes,
  };
  let words = joinWords(entrypoint, cmd, cmdIgnored);
  const chain: ChainLink[] = [];
  const runtimeInit = service.init?.value
    ? { location: { path, range: service.init.range } }
    : undefined;
  if (runtimeInit) {
    chain.push(runtimeInitLink(runtimeInit.location));
  }
  if (words.length === 0 && !model && !baseInfo) {
    words = [];
    notes.push(
      `What service ${service.name} runs is decided by its image, which PID 1 Doctor does not know.`,
    );
  }
  chain.push(...expandChain(words, chainCtx));
  const grace = service.stopGracePeriod ? parseDuration(service.stopGracePeriod.value) : undefined;
  return {
    kind: 'compose-service',
    path,
    name: `service ${service.name}`,
    anchor: { path, range: service.keyRange },
    build,
    baseImage,
    baseInfo,
    imageShell,
    chain,
    stopSignal,
    graceSeconds: grace ?? DEFAULT_GRACE_SECONDS,
    runtimeInit,
    instructions,
    compose: { model: compose, service },
    notes,
  };
}

/** `docker run --init` / compose `init: true`: Docker's docker-init, which is tini. */
export function runtimeInitLink(location?: Location): ChainLink {
  return {
    role: 'init',
    argv: ['/sbin/docker-init', '--'],
    label: 'docker-init (tini)',
    source: location,
    sigterm: 'forwards',
    reaps: true,
    init: {
      name: 'docker-init',
      group: false,
      subreaper: false,
      remapExitCodes: [],
      fromRuntime: true,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Chain expansion

const SHELLS = new Set(['sh', 'dash', 'bash', 'ash', 'busybox', 'zsh', 'ksh', 'mksh']);
const PACKAGE_MANAGERS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'bun']);

/** Expands the words that start the container into the chain of processes. */
function expandChain(initial: Word[], ctx: ChainContext): ChainLink[] {
  const chain: ChainLink[] = [];
  let words = initial;
  for (let depth = 0; depth < MAX_CHAIN && words.length > 0; depth++) {
    const argv0 = words[0].value;
    const name = basename(argv0);
    const program = lookupProgram(argv0);
    const source = words[0].location ? spanLocation(words) : undefined;

    if (
      program?.kind === 'init' ||
      (name === 'init' && ctx.baseInfo?.init?.name === 's6-overlay')
    ) {
      const { link, rest } = initLink(words, program, source);
      chain.push(link);
      words = rest;
      continue;
    }
    if (SHELLS.has(name) || program?.kind === 'shell') {
      const result = shellLink(words, ctx, source);
      if (!result) {
        chain.push(appLink(words, program, source));
        break;
      }
      chain.push(result.link);
      words = result.rest;
      continue;
    }
    if (PACKAGE_MANAGERS.has(name)) {
      const result = packageManagerLink(words, ctx, source);
      chain.push(result.link);
      words = result.rest;
      continue;
    }
    const script = scriptLink(words, ctx, source);
    if (script) {
      chain.push(script.link);
      words = script.rest;
      continue;
    }
    chain.push(appLink(words, program, source));
    break;
  }
  return chain;
}

function spanLocation(words: Word[]): Location | undefined {
  const first = words[0].location;
  if (!first) return undefined;
  let end = first.range.end;
  for (const w of words) {
    if (w.location && w.location.path === first.path && after(w.location.range.end, end)) {
      end = w.location.range.end;
    }
  }
  return { path: first.path, range: { start: first.range.start, end } };
}

function after(a: Range['end'], b: Range['end']): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

function appLink(words: Word[], program: ProgramInfo | undefined, source?: Location): ChainLink {
  const sigterm: SigtermBehaviour = program?.sigtermAsPid1 ?? 'unknown';
  return {
    role: 'app',
    argv: words.map((w) => w.value),
    label: basename(words[0].value),
    source,
    sigterm,
    reaps: program ? program.reapsOrphans : 'unknown',
  };
}

function initLink(
  words: Word[],
  program: ProgramInfo | undefined,
  source: Location | undefined,
): { link: ChainLink; rest: Word[] } {
  const name = basename(words[0].value);
  const kind: InitLink['name'] =
    name === 'tini' || name === 'tini-static'
      ? 'tini'
      : name === 'dumb-init'
        ? 'dumb-init'
        : name === 'docker-init'
          ? 'docker-init'
          : name === 'catatonit'
            ? 'catatonit'
            : name === 'init' || name === 's6-svscan'
              ? 's6-overlay'
              : 'other';
  const info: InitLink = {
    name: kind,
    group: kind === 'dumb-init',
    subreaper: false,
    remapExitCodes: [],
    fromRuntime: false,
  };
  let i = 1;
  if (kind === 'tini' || kind === 'docker-init') {
    while (i < words.length) {
      const w = words[i].value;
      if (w === '--') {
        i++;
        break;
      }
      if (!w.startsWith('-')) break;
      if (w === '-e' || w === '-p' || w === '-l') {
        if (w === '-e') info.remapExitCodes.push(Number(words[i + 1]?.value));
        i += 2;
        continue;
      }
      // Short flags may be combined (`-sg`).
      if (/^-[a-z]+$/i.test(w)) {
        if (w.includes('g')) info.group = true;
        if (w.includes('s')) info.subreaper = true;
        const e = /^-e(\d+)$/.exec(w);
        if (e) info.remapExitCodes.push(Number(e[1]));
      }
      i++;
    }
  } else if (kind === 'dumb-init') {
    while (i < words.length && words[i].value.startsWith('-')) {
      const w = words[i].value;
      if (w === '--') {
        i++;
        break;
      }
      if (w === '-c' || w === '--single-child') info.group = false;
      if (w === '-r' || w === '--rewrite') i++;
      i++;
    }
  } else if (kind === 's6-overlay') {
    i = 1;
  }
  return {
    link: {
      role: 'init',
      argv: words.slice(0, i).map((w) => w.value),
      label: kind === 'other' ? name : kind === 's6-overlay' ? 's6-overlay /init' : kind,
      source,
      sigterm: 'forwards',
      reaps: program?.reapsOrphans ?? true,
      init: info,
    },
    rest: words.slice(i),
  };
}

function shellKindOf(
  argv0: string,
  ctx: ChainContext,
): { kind: ShellKind; source: ShellLink['kindSource'] } {
  const name = basename(argv0);
  if (name === 'bash') return { kind: 'bash', source: 'argv0' };
  if (name === 'dash') return { kind: 'dash', source: 'argv0' };
  if (name === 'ash' || name === 'busybox') return { kind: 'ash', source: 'argv0' };
  if (name === 'sh') {
    return ctx.imageShell === 'unknown'
      ? { kind: 'unknown', source: 'unknown' }
      : { kind: ctx.imageShell, source: 'image' };
  }
  return { kind: 'unknown', source: 'unknown' };
}

/** Decides whether a shell replaces itself with its last command, as measured. */
/** Commands that return at once: a shell whose list ends with one is still waiting on the app
 *  before it, so it stays in the chain whatever it does with its last command. */
export const TRIVIAL_COMMANDS = new Set([
  'echo',
  'printf',
  'true',
  'false',
  ':',
  'exit',
  'wait',
  'sleep',
  'set',
  'export',
  'trap',
  'return',
]);

function isTrivial(command: SimpleCommand): boolean {
  const name = command.words[0]?.literal;
  return name !== undefined && TRIVIAL_COMMANDS.has(name);
}

/** The command that becomes the app below a shell: the last one, unless it returns at once and
 *  a real command comes before it (`node app.js; echo done`). */
function appCommand(analysis: ShellAnalysis): SimpleCommand | undefined {
  const last = analysis.last?.command;
  if (!last || !isTrivial(last)) return last;
  return [...analysis.commands].reverse().find((c) => !isTrivial(c)) ?? last;
}

export function shellExecs(
  kind: ShellKind,
  mode: '-c' | 'script',
  analysis: ShellAnalysis,
): { execs: boolean; reason: ShellLink['execReason'] } {
  const last = analysis.last;
  if (!last) return { execs: false, reason: 'no-command' };
  if (last.command.isExec && (last.context === 'plain' || last.context === 'if')) {
    return { execs: true, reason: 'explicit-exec' };
  }
  if (mode === 'script') return { execs: false, reason: 'script-never' };
  // Measured with all three shells: `sh -c "node app.js; echo done"` keeps sh as PID 1.
  if (appCommand(analysis) !== last.command) return { execs: false, reason: 'app-not-last' };
  if (last.context !== 'plain') return { execs: false, reason: 'not-last' };
  if (kind === 'bash' || kind === 'ash') return { execs: true, reason: 'implicit-exec' };
  if (kind === 'dash') return { execs: false, reason: 'dash-never' };
  return { execs: false, reason: 'unknown-shell' };
}

/** The words of the shell's last command, with `exec` dropped and `"$@"` replaced. */
function lastCommandWords(
  analysis: ShellAnalysis,
  mapped: MappedText | undefined,
  path: string | undefined,
  positional: Word[],
): Word[] {
  const app = appCommand(analysis);
  if (!app) return [];
  let shellWords = app.words;
  if (shellWords[0]?.literal === 'exec') shellWords = shellWords.slice(1);
  const out: Word[] = [];
  for (const w of shellWords) {
    if (w.raw === '"$@"' || w.raw === '$@' || w.raw === '"${@}"') {
      out.push(...positional);
      continue;
    }
    out.push({
      value: w.literal ?? w.raw,
      location: mapped && path ? { path, range: mapped.toRange(w.start, w.end) } : undefined,
    });
  }
  return out;
}

function shellLink(
  words: Word[],
  ctx: ChainContext,
  source: Location | undefined,
): { link: ChainLink; rest: Word[] } | undefined {
  const argv0 = words[0].value;
  const { kind, source: kindSource } = shellKindOf(argv0, ctx);
  // Find `-c` among the leading options (`-c`, `-ec`, `-lc`, `-o pipefail -c`).
  let i = 1;
  let hasC = false;
  while (i < words.length && words[i].value.startsWith('-')) {
    const w = words[i].value;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(w)) {
      hasC = true;
      i++;
      break;
    }
    i += w === '-o' || w === '+o' ? 2 : 1;
  }
  const implicit = words[0].implicitShell === true;
  if (hasC && i < words.length) {
    const textWord = words[i];
    const analysis = analyzeShell(textWord.value);
    const { execs, reason } = textWord.malformed
      ? { execs: false, reason: 'no-command' as const }
      : shellExecs(kind, '-c', analysis);
    const positional = words.slice(i + 2); // $0 is words[i + 1]
    const rest = textWord.malformed
      ? []
      : lastCommandWords(analysis, textWord.mapped, textWord.location?.path, positional);
    const link: ChainLink = {
      role: 'shell',
      argv: words.slice(0, i + 1).map((w) => w.value),
      label: `${argv0} (${shellLabel(kind)})`,
      source: implicit ? textWord.location : source,
      sigterm: execs ? 'forwards' : 'swallows',
      reaps: true,
      transient: execs,
      shell: {
        kind,
        kindSource,
        text: textWord.value,
        analysis,
        mapped: textWord.mapped,
        textPath: textWord.location?.path,
        mode: '-c',
        execs,
        execReason: reason,
        implicit,
      },
    };
    return { link, rest };
  }
  if (i < words.length && !hasC) {
    // `sh script.sh args`: the shell runs a script file.
    const script = scriptLink(words.slice(i), ctx, source, { kind, kindSource });
    if (script) {
      script.link.argv = words.slice(0, i + 1).map((w) => w.value);
      return script;
    }
  }
  return undefined;
}

/** Finds the host file that a COPY/ADD put at `imagePath`, in this stage or a parent. */
const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Finds the build-context file that a COPY/ADD put at `imagePath`, in this stage or a parent.
 * A bare name (`docker-entrypoint.sh`) is looked up on PATH, as the runtime does. A file that
 * only a folder copy could have brought in counts only when it exists in the build context.
 */
function hostFileFor(imagePath: string, ctx: ChainContext): string | undefined {
  const build = ctx.build;
  if (!build) return undefined;
  const model = build.model;
  const stages: Stage[] = [];
  let s: Stage | undefined = build.stage;
  const seen = new Set<number>();
  while (s && !seen.has(s.index)) {
    stages.push(s);
    seen.add(s.index);
    s = s.parentStage !== undefined ? model.stages[s.parentStage] : undefined;
  }
  const exists = (p: string) => ctx.reader.readFile(p) !== undefined;
  for (const stage of stages) {
    const workdir = stage.workdir ?? '/';
    const targets = imagePath.includes('/')
      ? [posixPath.resolve(workdir, imagePath)]
      : PATH_DIRS.map((d) => `${d}/${imagePath}`);
    for (const copy of [...stage.copies].reverse()) {
      if (copy.from) continue;
      const dest = posixPath.resolve(workdir, copy.destination);
      const destIsDir = copy.destination.endsWith('/') || copy.sources.length > 1;
      for (const src of copy.sources) {
        const host = posixPath.join(build.contextDir, src);
        for (const target of targets) {
          if (
            destIsDir ? target === posixPath.join(dest, posixPath.basename(src)) : target === dest
          ) {
            return host;
          }
          // A folder copied: its files keep their paths below the destination.
          const rel = posixPath.relative(dest, target);
          if (rel !== '' && !rel.startsWith('..') && exists(posixPath.join(host, rel))) {
            return posixPath.join(host, rel);
          }
          if (
            !destIsDir &&
            target === posixPath.join(dest, posixPath.basename(src)) &&
            exists(host)
          ) {
            return host;
          }
        }
      }
    }
  }
  return undefined;
}

function shebangShell(
  text: string,
  ctx: ChainContext,
): { kind: ShellKind; kindSource: ShellLink['kindSource'] } | undefined {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (!m) return undefined;
  const interp = basename(m[1]) === 'env' && m[2] ? m[2] : m[1];
  const name = basename(interp);
  if (!SHELLS.has(name)) return undefined;
  const k = shellKindOf(name, ctx);
  return { kind: k.kind, kindSource: k.source === 'argv0' ? 'shebang' : k.source };
}

function scriptLink(
  words: Word[],
  ctx: ChainContext,
  source: Location | undefined,
  shell?: { kind: ShellKind; kindSource: ShellLink['kindSource'] },
): { link: ChainLink; rest: Word[] } | undefined {
  const argv0 = words[0].value;
  const name = basename(argv0);
  const positional = words.slice(1);
  const baseEntrypoint = ctx.baseInfo?.entrypoint?.[0];
  // A base image's own entrypoint script, known from its published Dockerfile.
  if (
    baseEntrypoint &&
    basename(baseEntrypoint) === name &&
    ctx.baseInfo?.entrypointExecsArgs !== undefined &&
    !hostFileFor(argv0, ctx)
  ) {
    const execs = ctx.baseInfo.entrypointExecsArgs;
    // With no arguments (`CMD []`) the script runs its own default (node's runs `node`).
    const without = ctx.baseInfo.entrypointWithoutArgs;
    const args =
      positional.length === 0 && without ? without.map((value) => ({ value })) : positional;
    return {
      link: {
        role: 'script',
        argv: [argv0],
        label: name,
        source,
        sigterm: execs ? 'forwards' : 'swallows',
        reaps: true,
        transient: execs,
        script: { imagePath: argv0 },
      },
      rest: execs ? args : [],
    };
  }
  if (!shell && !/\.(sh|bash)$/.test(name) && !argv0.includes('/')) return undefined;
  const hostPath = hostFileFor(argv0, ctx);
  const text = hostPath ? ctx.reader.readFile(hostPath) : undefined;
  if (text === undefined) {
    if (!shell && !/\.(sh|bash)$/.test(name)) return undefined;
    ctx.notes.push(
      hostPath
        ? `The script ${argv0} (from ${hostPath}) could not be read.`
        : `Where the script ${argv0} comes from could not be found in the build.`,
    );
    return {
      link: {
        role: 'script',
        argv: words.map((w) => w.value),
        label: name,
        source,
        sigterm: 'unknown',
        reaps: 'unknown',
        script: { imagePath: argv0, hostPath },
      },
      rest: [],
    };
  }
  const kindInfo = shell ?? shebangShell(text, ctx);
  if (!kindInfo) return undefined; // Not a shell script (a binary, a node script): an app.
  const analysis = analyzeShell(text);
  const { execs, reason } = shellExecs(kindInfo.kind, 'script', analysis);
  const rest = lastCommandWords(analysis, undefined, undefined, positional);
  return {
    link: {
      role: 'script',
      argv: words.map((w) => w.value),
      label: name,
      source,
      sigterm: execs ? 'forwards' : 'swallows',
      reaps: true,
      transient: execs,
      script: { imagePath: argv0, hostPath },
      shell: {
        kind: kindInfo.kind,
        kindSource: kindInfo.kindSource,
        text,
        analysis,
        textPath: hostPath,
        mode: 'script',
        execs,
        execReason: reason,
        implicit: false,
      },
    },
    rest,
  };
}

/** The package.json that the image's WORKDIR holds, read from the build context. */
/** The folder a package manager reads package.json from: the stage's WORKDIR. */
function packageWorkdir(build: NonNullable<ChainContext['build']>): string {
  return build.stage.workdir ?? rootWorkdir(build);
}

/**
 * Why no package.json was read for a package manager: no build at all (a compose service that
 * runs an image as it is), one in the build context that no COPY puts where the package manager
 * looks, none in the context either, or one that is not JSON.
 */
function packageJsonMissing(
  ctx: ChainContext,
  invalidPath: string | undefined,
): NonNullable<ChainLink['packageJsonMissing']> {
  const build = ctx.build;
  if (!build) return { reason: 'no-build', imagePath: 'package.json' };
  const imagePath = posixPath.join(packageWorkdir(build), 'package.json');
  if (invalidPath) return { reason: 'invalid', imagePath, hostPath: invalidPath };
  const copyFrom = stagesOf(build).some((s) => s.copies.some((c) => c.from !== undefined));
  const candidates = [posixPath.join(build.contextDir, 'package.json')];
  const dockerfileDir = posixPath.dirname(build.model.path);
  if (dockerfileDir.startsWith(`${build.contextDir}/`)) {
    candidates.push(posixPath.join(dockerfileDir, 'package.json'));
  }
  const hostPath = candidates.find((p) => ctx.reader.readFile(p) !== undefined);
  return hostPath
    ? { reason: 'not-copied', imagePath, hostPath, copyFrom }
    : { reason: 'absent', imagePath, copyFrom };
}

function stagesOf(build: NonNullable<ChainContext['build']>): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = build.stage;
  while (s && !seen.has(s.index)) {
    out.push(s);
    seen.add(s.index);
    s = s.parentStage !== undefined ? build.model.stages[s.parentStage] : undefined;
  }
  return out;
}

function packageJsonFor(
  ctx: ChainContext,
):
  | { path: string; scripts: Record<string, string>; hasServerJs: boolean }
  | { path: string; invalid: true }
  | undefined {
  const build = ctx.build;
  if (!build) return undefined;
  const workdir = packageWorkdir(build);
  const host = hostFileFor(posixPath.join(workdir, 'package.json'), ctx);
  if (!host) return undefined;
  const text = ctx.reader.readFile(host);
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as { scripts?: Record<string, unknown> };
    const scripts: Record<string, string> = {};
    for (const [k, v] of Object.entries(json.scripts ?? {})) {
      if (typeof v === 'string') scripts[k] = v;
    }
    const serverHost = hostFileFor(posixPath.join(workdir, 'server.js'), ctx);
    const hasServerJs = serverHost !== undefined && ctx.reader.readFile(serverHost) !== undefined;
    return { path: host, scripts, hasServerJs };
  } catch {
    ctx.notes.push(`${host} is not valid JSON, so the package script could not be read.`);
    return { path: host, invalid: true };
  }
}

function rootWorkdir(build: NonNullable<ChainContext['build']>): string {
  let s: Stage | undefined = build.stage;
  const seen = new Set<number>();
  while (s && !seen.has(s.index)) {
    if (s.workdir) return s.workdir;
    seen.add(s.index);
    s = s.parentStage !== undefined ? build.model.stages[s.parentStage] : undefined;
  }
  return '/';
}

/** Which package script a package-manager command runs: `npm start`, `yarn dev`, `pnpm run x`. */
export function packageScriptName(argv: string[]): string | undefined {
  const [pm, ...args] = argv.map(basename);
  const positional = args.filter((a) => !a.startsWith('-'));
  const first = positional[0];
  if (!first) return pm === 'yarn' ? 'start' : undefined;
  if (first === 'start' || first === 'test' || first === 'stop' || first === 'restart')
    return first;
  if (first === 'run' || first === 'run-script') return positional[1];
  if (pm === 'yarn' || pm === 'pnpm' || pm === 'bun') return first;
  return undefined;
}

function packageManagerLink(
  words: Word[],
  ctx: ChainContext,
  source: Location | undefined,
): { link: ChainLink; rest: Word[] } {
  const argv = words.map((w) => w.value);
  const name = basename(argv[0]);
  const link: ChainLink = {
    role: 'package-manager',
    argv,
    label: name,
    source,
    sigterm: 'forwards',
    reaps: false,
  };
  if (name === 'npx') {
    // npx runs the named binary as its child.
    const rest = words.slice(1).filter((w, i) => i > 0 || !w.value.startsWith('-'));
    return { link, rest };
  }
  const scriptName = packageScriptName(argv);
  const pkg = scriptName ? packageJsonFor(ctx) : undefined;
  if (!scriptName) return { link, rest: [] };
  if (!pkg || 'invalid' in pkg) {
    link.packageJsonMissing = packageJsonMissing(ctx, pkg?.path);
    return { link, rest: [] };
  }
  let command = pkg.scripts[scriptName];
  let implicit = false;
  if (command === undefined && scriptName === 'start' && pkg.hasServerJs) {
    // npm's documented default start script.
    command = 'node server.js';
    implicit = true;
  }
  if (command === undefined) {
    const imagePath = posixPath.join(packageWorkdir(ctx.build!), 'package.json');
    link.packageJsonMissing = { reason: 'no-script', imagePath, hostPath: pkg.path };
    return { link, rest: [] };
  }
  link.packageScript = { name: scriptName, command, packageJsonPath: pkg.path, implicit };
  // npm runs the script as `sh -c "<script>"` with the image's /bin/sh.
  return {
    link,
    rest: [{ value: '/bin/sh' }, { value: '-c' }, { value: command, location: undefined }],
  };
}
