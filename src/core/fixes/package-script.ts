/**
 * The fix of package-manager-pid1: start what the package script runs, directly. Offered only
 * when that is one simple command whose program is found without the package manager (npm puts
 * node_modules/.bin on PATH; a bare `next` would not be found without it), when no pre/post
 * script would be skipped, and when the package manager's words can be rewritten where they are
 * written: an exec-form ENTRYPOINT/CMD, a shell-form one, or a compose command list or string.
 */
import { posix as posixPath } from 'node:path';
import { basename, packageScriptName } from '../launch/build';
import type { ChainLink, LaunchPlan } from '../launch/types';
import type { CommandInstruction, ComposeCommand, ExecArg } from '../parse/model';
import { quoteForShell, splitComposeWords } from '../parse/shell';
import type { RuleContext } from '../rules/rule';
import type { Fix, Location, Range, TextEdit } from '../types';
import { isPackageManager, lookupProgram } from '../workspace/knowledge';
import { separatorBetween, textOnLine, yamlScalar } from './compose-edit';

export type ScriptRewrite = { ok: true; fix: Fix } | { ok: false; reason: string };

function cmp(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

function within(inner: Range, outer: Range): boolean {
  return cmp(outer.start, inner.start) <= 0 && cmp(inner.end, outer.end) <= 0;
}

/**
 * The arguments the package manager hands on to the script (`npm start -- --port 80`), or
 * undefined when its words hold anything else (npm options, an unrecognised form).
 */
function passedArguments(argv: string[], script: string): string[] | undefined {
  const pm = basename(argv[0]);
  const rest = argv.slice(1);
  const dash = rest.indexOf('--');
  const head = dash >= 0 ? rest.slice(0, dash) : rest;
  const tail = dash >= 0 ? rest.slice(dash + 1) : [];
  const forms = [
    [script],
    ['run', script],
    ['run-script', script],
    ...(pm === 'yarn' && script === 'start' ? [[]] : []),
  ];
  if (!forms.some((f) => f.length === head.length && f.every((w, i) => head[i] === w))) {
    return undefined;
  }
  // Words after `--` go to the script; anything else between is left alone (no fix).
  return tail;
}

/** Whether `program` is found in the image as it is when the package manager is not there. */
function runsWithoutPackageManager(argv: string[]): string | undefined {
  const program = argv[0];
  if (program.includes('/')) return undefined;
  const info = lookupProgram(program);
  if (!info) {
    return `${program} would be looked up on PATH, and the package manager adds node_modules/.bin to it`;
  }
  if (info.kind !== 'runtime' && info.kind !== 'server') return `${program} is not the app`;
  if (isPackageManager(program, argv[1])) return `${program} ${argv[1]} runs a package script too`;
  return undefined;
}

function words(args: string[]): string {
  return args.map(quoteForShell).join(' ');
}

function separator(lines: string[], instrArgs: ExecArg[], fallback: string): string {
  for (let i = 0; i + 1 < instrArgs.length; i++) {
    const s = separatorBetween(lines, instrArgs[i], instrArgs[i + 1], '\n');
    if (s !== undefined && s.trim() === ',') return s;
  }
  return fallback;
}

/** Replaces the list elements from `from` to `to` with `args`, each written as `write` says. */
function replaceElements(
  path: string,
  lines: string[],
  eol: string,
  all: ExecArg[],
  from: number,
  to: number,
  args: string[],
  write: (value: string, like: string) => string,
): TextEdit | undefined {
  let sep: string | undefined;
  for (let i = 0; i + 1 < all.length && sep === undefined; i++) {
    sep = separatorBetween(lines, all[i], all[i + 1], eol);
  }
  if (sep === undefined) {
    const first = all[0];
    const line = lines[first.range.start.line] ?? '';
    const dash = /^(\s*)-\s+$/.exec(line.slice(0, first.range.start.character));
    sep = dash ? `${eol}${dash[1]}- ` : ', ';
  }
  const like = textOnLine(lines, all[from].range) ?? '';
  return {
    path,
    range: { start: all[from].range.start, end: all[to].range.end },
    newText: args.map((a) => write(a, like)).join(sep),
  };
}

/** The indices of the elements that a link's words span exactly, or undefined. */
function spanOf(args: ExecArg[], source: Location, count: number): [number, number] | undefined {
  const from = args.findIndex((a) => cmp(a.range.start, source.range.start) === 0);
  const to = args.findIndex((a) => cmp(a.range.end, source.range.end) === 0);
  if (from < 0 || to < from || to - from + 1 !== count) return undefined;
  return [from, to];
}

function dockerfileEdit(
  plan: LaunchPlan,
  link: ChainLink,
  source: Location,
  next: string[],
  ctx: RuleContext,
): TextEdit | string {
  const instructions = plan.instructions;
  const instr: CommandInstruction | undefined = [instructions?.entrypoint, instructions?.cmd].find(
    (i) => i && within(source.range, i.range),
  );
  if (!instr) return `the words that start ${link.label} are split between ENTRYPOINT and CMD`;
  const model = ctx.dockerfile?.(source.path);
  if (!model) return 'the Dockerfile could not be read';
  if (instr.form.kind === 'exec') {
    const span = spanOf(instr.form.args, source, link.argv.length);
    if (!span) return `${link.label} is started inside a string`;
    const sep = separator(model.lines, instr.form.args, ', ');
    return {
      path: source.path,
      range: {
        start: instr.form.args[span[0]].range.start,
        end: instr.form.args[span[1]].range.end,
      },
      newText: next.map((w) => JSON.stringify(w)).join(sep),
    };
  }
  if (instr.form.kind === 'shell') {
    return { path: source.path, range: source.range, newText: words(next) };
  }
  return `the ${instr.keyword} is not valid JSON`;
}

function composeEdit(
  plan: LaunchPlan,
  link: ChainLink,
  source: Location,
  next: string[],
): TextEdit | string {
  const { model, service } = plan.compose!;
  const cmd: ComposeCommand | undefined = [service.command, service.entrypoint].find(
    (c) => c && within(source.range, c.range),
  );
  if (!cmd) return `the words that start ${link.label} are split between entrypoint and command`;
  if (cmd.kind === 'list') {
    const span = spanOf(cmd.args, source, link.argv.length);
    if (!span) return `${link.label} is started inside a string`;
    const edit = replaceElements(
      model.path,
      model.lines,
      model.eol,
      cmd.args,
      span[0],
      span[1],
      next,
      yamlScalar,
    );
    return edit ?? 'the list cannot be rewritten';
  }
  const parsed = splitComposeWords(cmd.value);
  if (parsed.droppedFrom !== undefined || parsed.error !== undefined) {
    return `compose drops the rest of the command string from ${parsed.operator ?? 'an error'} on, which needs fixing first`;
  }
  const split = parsed.words;
  if (split.length !== link.argv.length || split.some((w, i) => w !== link.argv[i])) {
    return `the command string holds more than ${link.label}'s words`;
  }
  const like = textOnLine(model.lines, cmd.range);
  if (like === undefined) return 'the command string spans lines';
  return { path: model.path, range: cmd.range, newText: yamlScalar(words(next), like) };
}

/** A host path as the message shows it: relative to the folder of the file found in. */
function shown(hostPath: string, from: string): string {
  const rel = posixPath.relative(posixPath.dirname(from), hostPath);
  return rel.startsWith('..') || posixPath.isAbsolute(rel) ? hostPath : rel;
}

/** Why the script `name` could not be read, as the planner found it. */
function missingScriptReason(plan: LaunchPlan, link: ChainLink, name: string): string {
  const missing = link.packageJsonMissing;
  const from = link.source?.path ?? plan.path;
  const service = plan.compose?.service;
  if (service?.build?.remote) {
    return `the build context is fetched from ${service.build.context}, so the package.json with the "${name}" script cannot be read`;
  }
  const unfollowed = missing?.copyFrom
    ? ' (a COPY --from another stage might; PID 1 Doctor does not follow those)'
    : '';
  switch (missing?.reason) {
    case 'no-build': {
      const image = service?.image ? `the image ${service.image.value}` : 'an image';
      return `${service ? `service ${service.name}` : 'this service'} runs ${image} as it is, with no build:, so there is no build context to read the "${name}" script from`;
    }
    case 'not-copied':
      return `${shown(missing.hostPath!, from)} is in the build context, but no COPY from the build context puts it at ${missing.imagePath}, where ${link.label} reads the "${name}" script${unfollowed}`;
    case 'absent':
      return `no COPY from the build context puts a package.json at ${missing.imagePath}, where ${link.label} reads the "${name}" script, and the build context has none at its root${unfollowed}`;
    case 'no-script':
      return `the package.json copied to ${missing.imagePath} (${shown(missing.hostPath!, from)}) has no "${name}" script`;
    case 'invalid':
      return `the package.json copied to ${missing.imagePath} (${shown(missing.hostPath!, from)}) is not valid JSON`;
    default:
      return `the package.json with the "${name}" script could not be read`;
  }
}

/** The fix for a package manager link, or why there is none. */
export function packageScriptRewrite(
  plan: LaunchPlan,
  link: ChainLink,
  next: ChainLink | undefined,
  ctx: RuleContext,
): ScriptRewrite {
  const script = link.packageScript;
  if (!script) {
    const name = packageScriptName(link.argv);
    return {
      ok: false,
      reason: name
        ? missingScriptReason(plan, link, name)
        : `which package script ${link.label} runs is not known`,
    };
  }
  const what = `the "${script.name}" script runs ${JSON.stringify(script.command)}`;
  const single = next?.shell?.analysis.singleSimpleCommand;
  if (!single || single.length === 0) {
    return { ok: false, reason: `${what}, which is not one simple command` };
  }
  const passed = passedArguments(link.argv, script.name);
  if (!passed)
    return { ok: false, reason: `${what}, and ${link.label}'s other arguments would be lost` };
  const program = runsWithoutPackageManager(single);
  if (program) return { ok: false, reason: `${what}, but ${program}` };
  if (!script.implicit) {
    const text = ctx.readFile?.(script.packageJsonPath);
    let scripts: Record<string, unknown> = {};
    try {
      scripts = (JSON.parse(text ?? '{}') as { scripts?: Record<string, unknown> }).scripts ?? {};
    } catch {
      return { ok: false, reason: `${what}, and ${script.packageJsonPath} is not valid JSON` };
    }
    const hooks = [`pre${script.name}`, `post${script.name}`].filter((h) => h in scripts);
    if (hooks.length > 0) {
      return { ok: false, reason: `${what}, and ${link.label} also runs ${hooks.join(' and ')}` };
    }
  }
  const source = link.source;
  if (!source) return { ok: false, reason: `${what}; where ${link.label} is started is not known` };
  const nextWords = [...single, ...passed];
  const edit =
    plan.compose && source.path === plan.compose.model.path
      ? composeEdit(plan, link, source, nextWords)
      : dockerfileEdit(plan, link, source, nextWords, ctx);
  if (typeof edit === 'string') return { ok: false, reason: `${what}, but ${edit}` };
  return {
    ok: true,
    fix: { title: `Run ${words(nextWords)} directly`, safe: false, preferred: true, edits: [edit] },
  };
}
