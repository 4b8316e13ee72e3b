/**
 * Putting an init (tini or dumb-init) into a Dockerfile stage: install it with the stage's
 * package manager (or copy a static tini from a stage that installs it, for an image without
 * one) and put it in front of the ENTRYPOINT, keeping what ran before behind it: the
 * ENTRYPOINT written or inherited (a base image's known entrypoint script included) and the
 * CMD, which a new ENTRYPOINT would otherwise reset.
 *
 * Everything here is decided from the parsed model; an edit that cannot be made correctly is not
 * made, and the reason is handed back so the diagnostic can say what to do by hand.
 */
import { effectiveCommands } from '../parse/dockerfile';
import type { CommandInstruction, DockerfileModel, Stage } from '../parse/model';
import { analyzeShell, toJsonExecForm } from '../parse/shell';
import type { Position, TextEdit } from '../types';
import { lookupBaseImage, parseImageRef, type BaseImageInfo } from '../workspace/knowledge';

export type InitName = 'tini' | 'dumb-init';

/** How the init is started, from what runs below it. */
export interface InitOptions {
  /** tini `-g`: the child is a package manager, so the app is a grandchild (measured: behind
   *  `npm start`, `tini -g` reached the app's handler every time). */
  group: boolean;
  /** The child is a shell that does not exec: group signalling races the teardown there
   *  (measured), so dumb-init is told to signal its child only. */
  singleChild: boolean;
  /** tini `-e 143`: the app reports 143 after SIGTERM (a JVM). */
  remap143: boolean;
}

export interface InitEdit {
  title: string;
  edits: TextEdit[];
  /** The words put in front of the ENTRYPOINT. */
  prefix: string[];
}

/** The result of planning an init for a stage: the edit, or why there is none. */
export type InitPlan = { ok: true; edit: InitEdit } | { ok: false; reason: string };

type Manager = 'apk' | 'apt' | 'dnf';

const APT_CLEAN = 'rm -rf /var/lib/apt/lists/*';

function installFor(manager: Manager, pkg: string): string {
  switch (manager) {
    case 'apk':
      return `apk add --no-cache ${pkg}`;
    case 'apt':
      return `apt-get update && apt-get install -y --no-install-recommends ${pkg} && ${APT_CLEAN}`;
    case 'dnf':
      return `dnf install -y ${pkg} && dnf clean all`;
  }
}

/** Where each distribution's package puts the binary (Debian, Alpine and Fedora packages). */
function binaryPath(
  manager: Manager,
  name: InitName | 'tini-static',
  info?: BaseImageInfo,
): string {
  if (name === 'dumb-init') return info?.dumbInitPath ?? '/usr/bin/dumb-init';
  if (name === 'tini')
    return info?.tiniPath ?? (manager === 'apk' ? '/sbin/tini' : '/usr/bin/tini');
  return manager === 'apk' ? '/sbin/tini-static' : '/usr/bin/tini-static';
}

/** The package that holds a static tini: Alpine splits it out; Debian's tini ships both. */
function staticPackage(manager: Manager): string {
  return manager === 'apk' ? 'tini-static' : manager === 'apt' ? 'tini' : 'tini-static';
}

/** The stages a stage builds on, itself last. */
function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index);) {
    seen.add(s.index);
    out.unshift(s);
    s = s.parentStage !== undefined ? model.stages[s.parentStage] : undefined;
  }
  return out;
}

function runCommands(stages: Stage[]): string[][] {
  const out: string[][] = [];
  for (const stage of stages) {
    for (const run of stage.runs) {
      const analysis = analyzeShell(run.mapped.text);
      for (const cmd of analysis.commands) {
        out.push(cmd.words.map((w) => w.literal ?? w.raw));
      }
    }
  }
  return out;
}

function managerOfCommand(words: string[]): { manager: Manager; installs: string[] } | undefined {
  const [argv0, verb, ...rest] = words;
  const pkgs = rest.filter((w) => !w.startsWith('-'));
  if (argv0 === 'apk' && verb === 'add') return { manager: 'apk', installs: pkgs };
  if ((argv0 === 'apt-get' || argv0 === 'apt') && verb === 'install')
    return { manager: 'apt', installs: pkgs };
  if (argv0 === 'dnf' && verb === 'install') return { manager: 'dnf', installs: pkgs };
  return undefined;
}

/**
 * The package manager a stage can install with: the base image's, as known; otherwise the one its
 * RUN lines use. dnf counts only on Fedora, whose repositories carry tini and dumb-init (RHEL,
 * UBI, Rocky, Alma and Amazon Linux have them only in EPEL or not at all).
 */
export function stageManager(
  model: DockerfileModel,
  stage: Stage,
): { manager?: Manager; why?: string; info?: BaseImageInfo } {
  const chain = stageChain(model, stage);
  const root = chain[0];
  const info = lookupBaseImage(root.baseImage);
  if (info) {
    switch (info.packageManager) {
      case 'apk':
      case 'apt':
        return { manager: info.packageManager, info };
      case 'dnf':
        if (parseImageRef(root.baseImage)?.repository === 'fedora') return { manager: 'dnf', info };
        return {
          why: `tini and dumb-init are not in the default repositories of ${info.description}`,
          info,
        };
      case 'none':
        return { why: `${info.description} has no package manager`, info };
      default:
        return {
          why: `${info.description} installs with ${info.packageManager}, whose default repositories do not carry tini`,
          info,
        };
    }
  }
  for (const words of runCommands(chain)) {
    const m = managerOfCommand(words);
    if (m && m.manager !== 'dnf') return { manager: m.manager };
  }
  return { why: `the package manager of ${root.baseImage} is not known` };
}

/** Whether a RUN line of the stages already installs a package. */
function installsPackage(stages: Stage[], pkg: string): boolean {
  return runCommands(stages).some((w) => managerOfCommand(w)?.installs.includes(pkg) ?? false);
}

// ---------------------------------------------------------------------------------------------
// Lines of a Dockerfile

/** The lines of a stage that start an instruction, with the instruction's keyword. */
function instructionStarts(
  model: DockerfileModel,
  stage: Stage,
): { line: number; keyword: string; text: string }[] {
  const out: { line: number; keyword: string; text: string }[] = [];
  const inside = new Set<number>();
  const spans = [...stage.runs, ...stage.copies, ...stage.allCommands].map((r) => r.range);
  for (const r of spans) for (let l = r.start.line + 1; l <= r.end.line; l++) inside.add(l);
  let continued = false;
  for (let line = stage.range.start.line; line <= stage.range.end.line; line++) {
    const text = model.lines[line] ?? '';
    const trimmed = text.trim();
    if (trimmed.startsWith('#') || trimmed === '') continue;
    const wasContinued = continued;
    continued = trimmed.endsWith(model.escapeChar);
    if (wasContinued || inside.has(line)) continue;
    const keyword = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase();
    if (keyword) out.push({ line, keyword, text: trimmed });
  }
  return out;
}

/** The USER in force at the end of a stage's parents (what the stage starts as), if written. */
function inheritedUser(model: DockerfileModel, stage: Stage): string | undefined {
  let user: string | undefined;
  for (const s of stageChain(model, stage).slice(0, -1)) {
    for (const i of instructionStarts(model, s)) {
      if (i.keyword === 'USER') user = i.text.replace(/^USER\s+/i, '').trim();
    }
  }
  return user;
}

function isRoot(user: string): boolean {
  return /^(root|0)(:(root|0))?$/.test(user);
}

function indentOf(model: DockerfileModel, line: number): string {
  return /^[ \t]*/.exec(model.lines[line] ?? '')?.[0] ?? '';
}

function endOfLine(model: DockerfileModel, line: number): Position {
  return { line, character: (model.lines[line] ?? '').length };
}

/** Collects insertions, joining those at one point so that they never conflict. */
class Insertions {
  private readonly byPoint = new Map<string, { at: Position; text: string }>();
  constructor(private readonly path: string) {}
  add(at: Position, text: string): void {
    const key = `${at.line}:${at.character}`;
    const had = this.byPoint.get(key);
    this.byPoint.set(key, { at, text: had ? had.text + text : text });
  }
  edits(): TextEdit[] {
    return [...this.byPoint.values()].map(({ at, text }) => ({
      path: this.path,
      range: { start: at, end: at },
      newText: text,
    }));
  }
}

/** A CMD written anew, the same as an inherited one; undefined when it cannot be copied. */
function copyCmd(instr: CommandInstruction, sameShell: boolean): string | undefined {
  if (instr.form.kind === 'exec')
    return `CMD ${toJsonExecForm(instr.form.args.map((a) => a.value))}`;
  if (instr.form.kind === 'shell' && sameShell && !/[\r\n]/.test(instr.form.mapped.text)) {
    return `CMD ${instr.form.mapped.text.trim()}`;
  }
  return undefined;
}

function sep(model: DockerfileModel, instr: CommandInstruction): string {
  if (instr.form.kind !== 'exec' || instr.form.args.length < 2) return ', ';
  const [a, b] = instr.form.args;
  if (a.range.end.line !== b.range.start.line) return ', ';
  const text = (model.lines[a.range.end.line] ?? '').slice(
    a.range.end.character,
    b.range.start.character,
  );
  return /^\s*,\s*$/.test(text) ? text : ', ';
}

/**
 * The edits that put `prefix` in front of what a stage runs. Undefined (with a reason) when that
 * cannot be written without changing what runs behind it.
 */
function entrypointEdits(
  model: DockerfileModel,
  stage: Stage,
  info: BaseImageInfo | undefined,
  prefix: string[],
  ins: Insertions,
): string | undefined {
  const eff = effectiveCommands(model, stage.index);
  const ep = eff.entrypoint;
  const eol = model.eol;
  if (ep && ep.instr.form.kind !== 'exec') {
    return `the ENTRYPOINT is in shell form, so it would have to become exec form first`;
  }
  if (ep && ep.stage === stage.index && ep.instr.form.kind === 'exec') {
    // Written in this stage: put the init's words in front of its own.
    const args = ep.instr.form.args;
    if (args.length === 0) return undefined; // `ENTRYPOINT []`: replaced by the caller.
    const s = sep(model, ep.instr);
    ins.add(args[0].range.start, prefix.map((w) => JSON.stringify(w)).join(s) + s);
    return undefined;
  }
  let behind: string[];
  if (ep && ep.instr.form.kind === 'exec') {
    behind = ep.instr.form.args.map((a) => a.value);
  } else if (info) {
    behind = info.entrypoint ?? [];
  } else {
    return `the base image is not one PID 1 Doctor knows, so its ENTRYPOINT, which a new one would replace, is not known`;
  }
  const line = toJsonExecForm([...prefix, ...behind]);
  const cmd = eff.cmd;
  if (cmd && cmd.stage === stage.index) {
    // ENTRYPOINT right above this stage's CMD: that CMD is kept, whichever comes first.
    // Above the comment lines that belong to the CMD (a `# pid1-ignore` among them stays on it).
    let at = cmd.instr.range.start.line;
    while (
      at - 1 > stage.fromRange.end.line &&
      (model.lines[at - 1] ?? '').trim().startsWith('#')
    ) {
      at--;
    }
    const indent = indentOf(model, cmd.instr.range.start.line);
    ins.add({ line: at, character: 0 }, `${indent}ENTRYPOINT ${line}${eol}`);
    return undefined;
  }
  // At the end of the stage; a new ENTRYPOINT resets an inherited CMD, so it is written again.
  let cmdLine: string | undefined;
  if (cmd) {
    const sameShell = (eff.cmdShell?.instr ?? undefined) === (eff.shell?.instr ?? undefined);
    cmdLine = copyCmd(cmd.instr, sameShell);
    if (!cmdLine) return `the CMD inherited from an earlier stage cannot be copied as written`;
  } else if (!ep && info?.cmd) {
    cmdLine = `CMD ${toJsonExecForm(info.cmd)}`;
  }
  const last = stage.range.end.line;
  const indent = indentOf(model, stage.fromRange.start.line);
  ins.add(
    endOfLine(model, last),
    `${eol}${indent}ENTRYPOINT ${line}${cmdLine ? `${eol}${indent}${cmdLine}` : ''}`,
  );
  return undefined;
}

function initPrefix(name: InitName, path: string, options: InitOptions): string[] {
  if (name === 'tini') {
    const flags: string[] = [];
    if (options.group && !options.singleChild) flags.push('-g');
    if (options.remap143) flags.push('-e', '143');
    return [path, ...flags, '--'];
  }
  return options.singleChild ? [path, '--single-child', '--'] : [path, '--'];
}

function initTitle(name: InitName, prefix: string[], copied: boolean): string {
  const flags = prefix.slice(1).filter((w) => w !== '--');
  const shown = [name, ...flags].join(' ');
  return copied ? `Add ${shown} as init, copied from a build stage` : `Add ${shown} as init`;
}

/** A stage name not yet used in the file. */
function freeStageName(model: DockerfileModel, want: string): string {
  const used = new Set(model.stages.map((s) => s.name).filter((n): n is string => !!n));
  if (!used.has(want)) return want;
  for (let i = 2; ; i++) if (!used.has(`${want}-${i}`)) return `${want}-${i}`;
}

/**
 * Plans tini or dumb-init for a stage of a Dockerfile. For an image without a package manager,
 * tini is copied as a static binary from a new stage built on an earlier stage's base image (one
 * the build already uses, with apk or apt), since a distroless or scratch image cannot install
 * anything itself.
 */
export function planInit(
  model: DockerfileModel,
  stageIndex: number,
  name: InitName,
  options: InitOptions,
): InitPlan {
  const stage = model.stages[stageIndex];
  if (!stage) return { ok: false, reason: 'the stage was not found' };
  const eol = model.eol;
  const ins = new Insertions(model.path);
  const chain = stageChain(model, stage);
  const { manager, why, info } = stageManager(model, stage);
  const fromEnd = endOfLine(model, stage.fromRange.end.line);
  const indent = indentOf(model, stage.fromRange.start.line);

  let path: string;
  let copied = false;
  if (manager) {
    path = binaryPath(manager, name, info);
    if (!installsPackage(chain, name)) {
      const user = inheritedUser(model, stage);
      const run = `${indent}RUN ${installFor(manager, name)}`;
      const text =
        user && !isRoot(user)
          ? `${eol}${indent}USER root${eol}${run}${eol}${indent}USER ${user}`
          : `${eol}${run}`;
      ins.add(fromEnd, text);
    }
  } else {
    if (name !== 'tini' || !info || info.packageManager !== 'none') {
      return { ok: false, reason: why ?? 'no package manager is known for this image' };
    }
    const source = model.stages
      .slice(0, stageIndex)
      .map((s) => ({ s, m: stageManager(model, s) }))
      .reverse()
      .find((x) => x.m.manager === 'apk' || x.m.manager === 'apt');
    if (!source || !source.m.manager) {
      return {
        ok: false,
        reason: `${why ?? 'the image has no package manager'}, and no earlier stage installs with apk or apt to copy a static tini from`,
      };
    }
    const sourceRoot = stageChain(model, source.s)[0];
    const stageName = freeStageName(model, 'tini');
    const staticPath = binaryPath(source.m.manager, 'tini-static');
    const newStage =
      `${indent}FROM ${sourceRoot.baseImageRaw} AS ${stageName}${eol}` +
      `${indent}RUN ${installFor(source.m.manager, staticPackage(source.m.manager))}${eol}${eol}`;
    // Above the comment lines that introduce the final stage, so they stay on it.
    const previousEnd = model.stages[stageIndex - 1]?.range.end.line ?? -1;
    let at = stage.fromRange.start.line;
    while (at - 1 > previousEnd && (model.lines[at - 1] ?? '').trim().startsWith('#')) at--;
    ins.add({ line: at, character: 0 }, newStage);
    ins.add(fromEnd, `${eol}${indent}COPY --from=${stageName} ${staticPath} /tini`);
    path = '/tini';
    copied = true;
  }

  const prefix = initPrefix(name, path, options);
  const eff = effectiveCommands(model, stage.index);
  const ep = eff.entrypoint;
  const extra: TextEdit[] = [];
  if (
    ep &&
    ep.stage === stage.index &&
    ep.instr.form.kind === 'exec' &&
    ep.instr.form.args.length === 0
  ) {
    extra.push({ path: model.path, range: ep.instr.argsRange, newText: toJsonExecForm(prefix) });
  } else {
    const problem = entrypointEdits(model, stage, info, prefix, ins);
    if (problem) return { ok: false, reason: problem };
  }
  return {
    ok: true,
    edit: { title: initTitle(name, prefix, copied), edits: [...ins.edits(), ...extra], prefix },
  };
}
