import type { LaunchPlan, ShellLink } from '../launch/types';
import type { CommandInstruction } from '../parse/model';
import type { Finding, Fix } from '../types';
import { shellLabel, TRIVIAL_COMMANDS } from '../launch/build';
import { analyzeShell, SHELL_TOO_COMPLEX } from '../parse/shell';
import {
  execFormEdits,
  execInsertion,
  insertIntoMapped,
  isPosixShell,
} from '../fixes/command-edits';
import { stageBuilders } from '../fixes/init-fixes';
import {
  appName,
  baseImageRelated,
  finding,
  quoteText,
  shellFormPrefix,
  stopConsequence,
  type Rule,
  type RuleContext,
} from './rule';

/**
 * ENTRYPOINT or CMD in shell form: Docker runs it as `/bin/sh -c "<text>"`. Whether the app
 * then gets SIGTERM depends on whether that shell execs the last command, which was measured:
 * Debian's dash never does, bash and BusyBox ash do when it is a plain last command.
 */
export const shellForm: Rule = {
  id: 'shell-form',
  defaultSeverity: 'warning',
  description:
    'ENTRYPOINT or CMD in shell form, so a shell wraps the app and may keep SIGTERM from it.',
  fixable: 'safe',
  check(plan, ctx) {
    const out: Finding[] = [];
    const instructions = plan.instructions;
    if (!instructions) return out;
    for (const instr of [instructions.entrypoint, instructions.cmd]) {
      if (!instr || instr.form.kind !== 'shell') continue;
      // CMD after a shell-form ENTRYPOINT never runs: cmd-ignored says so.
      if (
        instr.keyword === 'CMD' &&
        instructions.entrypoint &&
        instructions.entrypoint.form.kind !== 'exec'
      ) {
        continue;
      }
      const mapped = instr.form.mapped;
      const link = plan.chain.find((l) => l.shell?.implicit && l.shell.mapped === mapped);
      const shell = link?.shell;
      if (shell && shell.execReason === 'explicit-exec') continue;
      const services = instr.keyword === 'ENTRYPOINT' ? commandServices(plan, ctx) : [];
      const fixes = fixesFor(plan, instr, link !== undefined, services.length > 0);
      let message = describe(plan, instr, link?.argv[0], shell);
      if (services.length > 0 && !instructions.cmd) {
        message += ` ${commandNote(services)}`;
      }
      if (fixes.length === 0) message += ` ${byHand(plan, instr)}`;
      const severity = shell?.execs ? 'info' : 'warning';
      out.push(
        finding(shellForm, { path: instructions.path, range: instr.range }, message, {
          severity,
          related: baseImageRelated(plan),
          fixes,
        }),
      );
    }
    return out;
  },
};

/**
 * The compose services whose `command:` is a CMD for this ENTRYPOINT: they run this stage (as
 * missing-init finds them) and keep its ENTRYPOINT (no `entrypoint:` of their own). For a compose
 * service's own plan, that service when it sets `command:`.
 */
function commandServices(plan: LaunchPlan, ctx: RuleContext): string[] {
  if (plan.kind === 'compose-service') {
    const service = plan.compose?.service;
    return service && service.command !== undefined && service.entrypoint === undefined
      ? [service.name]
      : [];
  }
  return stageBuilders(plan, ctx)
    .filter((b) => b.service.command !== undefined && b.service.entrypoint === undefined)
    .map((b) => b.service.name);
}

/** Why exec form is not offered here, when the CMD that applies is a compose `command:`. */
function commandNote(services: string[]): string {
  const who =
    services.length === 1 ? `service ${services[0]} sets` : `services ${services.join(', ')} set`;
  return `Compose ${who} command:, which this ENTRYPOINT now ignores; exec form would start passing it to the ENTRYPOINT as arguments, which changes what runs, so that rewrite is left to cmd-ignored (reported on the command:).`;
}

/**
 * Exec form when the text is one simple command of literal words (for an ENTRYPOINT only when
 * no CMD applies, from the Dockerfile or a compose `command:`: exec form would start passing
 * that CMD to it, which is cmd-ignored's fix); `exec ` before the last command otherwise, when
 * the shell is in the chain at all. Both keep the program and its arguments.
 */
function fixesFor(
  plan: LaunchPlan,
  instr: CommandInstruction,
  shellRuns: boolean,
  composeCommand: boolean,
): Fix[] {
  const instructions = plan.instructions;
  if (!instructions || instr.form.kind !== 'shell') return [];
  const shellArgv =
    instructions.shell?.form.kind === 'exec'
      ? instructions.shell.form.args.map((a) => a.value)
      : undefined;
  // Under `SHELL ["pwsh", "-c"]` the text is not POSIX shell: neither rewrite means the same.
  if (!isPosixShell(shellArgv)) return [];

  const path = instructions.path;
  const mapped = instr.form.mapped;
  const analysis = analyzeShell(mapped.text);
  const fixes: Fix[] = [];
  const cmdApplies =
    instr.keyword === 'ENTRYPOINT' && (instructions.cmd !== undefined || composeCommand);
  const execForm = cmdApplies ? undefined : execFormEdits(path, mapped, analysis);
  if (execForm) {
    fixes.push({ title: 'Convert to exec form', safe: true, preferred: true, edits: execForm });
  }
  // Behind an exec-form ENTRYPOINT that is not a shell (distroless node's `node`), the shell
  // form's words are only arguments: no shell runs to exec anything.
  // Without /bin/sh in the image (distroless) shell form cannot run at all: only exec form helps.
  const insertion =
    shellRuns && plan.baseInfo?.shell !== 'none'
      ? execInsertion(analysis, TRIVIAL_COMMANDS)
      : undefined;
  if (insertion) {
    fixes.push({
      title: `Add exec before ${insertion.name}`,
      safe: true,
      preferred: !execForm,
      edits: [insertIntoMapped(path, mapped, insertion.offset)],
    });
  }
  return fixes;
}

/** What to do when no rewrite can be offered, for the end of the message. */
function byHand(plan: LaunchPlan, instr: CommandInstruction): string {
  const text = instr.form.kind === 'shell' ? instr.form.mapped.text : '';
  if (plan.baseInfo?.shell === 'none') {
    return 'No automatic fix: this image has no /bin/sh, so shell form cannot start at all; write it in exec form, with the values of any variables written out.';
  }
  const last = analyzeShell(text).last;
  if (last && last.context !== 'plain') {
    return `No automatic fix: the last command is inside a ${last.context}. Move the commands into a script that ends with exec ${appName(plan) === 'the app' ? '<app>' : appName(plan)}, or run the app in exec form.`;
  }
  return `No automatic fix: rewrite it in exec form, or put exec before the command that should become PID 1.`;
}

function describe(
  plan: LaunchPlan,
  instr: CommandInstruction,
  argv0: string | undefined,
  shell: ShellLink | undefined,
): string {
  const text = instr.form.kind === 'shell' ? instr.form.mapped.text : '';
  const prefix = shellFormPrefix(plan);
  const runs = `Shell form runs this ${instr.keyword} as ${prefix} ${quoteText(text)}`;
  const app = appName(plan);
  const entrypoint = plan.instructions?.entrypoint;
  if (
    !shell &&
    instr.keyword === 'CMD' &&
    entrypoint?.form.kind === 'exec' &&
    entrypoint.form.args.length > 0
  ) {
    // Behind an exec-form ENTRYPOINT, CMD is only arguments: no shell runs at all.
    const program = entrypoint.form.args.map((a) => a.value);
    const words = `${prefix} ${quoteText(text)}`;
    const first = prefix.split(' ')[0];
    return `Shell form turns this CMD into the words ${words}, and Docker passes them to the exec-form ENTRYPOINT as arguments: the process is ${program.join(' ')} ${words}, so ${program[0]} gets "${first}" as its first argument instead of ${quoteText(text)}, and no shell runs.`;
  }
  if (!shell) {
    return `${runs}: a shell sits between Docker and ${app}, and unless it execs the last command, ${app} never receives SIGTERM.`;
  }
  // The image's /bin/sh, or the program the stage's SHELL names (`/bin/bash`).
  const fromImage = shell.kindSource === 'image';
  const sh = argv0 ?? '/bin/sh';
  switch (shell.execReason) {
    case 'implicit-exec': {
      const who = fromImage ? `the image's ${sh} (${shellLabel(shell.kind)})` : sh;
      return `${runs}; ${who} execs the last command, so ${app} still becomes PID 1. Exec form keeps it that way whatever the shell and whatever is added to the line.`;
    }
    case 'dash-never': {
      const who = fromImage ? `${sh} in this image is dash, which` : `${sh} (dash)`;
      return `${runs}; ${who} stays PID 1 and does not pass SIGTERM to ${app}: ${stopConsequence(plan)}.`;
    }
    case 'not-last':
      return `${runs}; its last command is inside a ${shell.analysis.last?.context ?? 'compound command'}, so no shell execs it: ${sh} stays PID 1 and ${app} never receives SIGTERM: ${stopConsequence(plan)}.`;
    case 'app-not-last':
      return `${runs}; ${app} is not its last command, so ${sh} waits for it and stays PID 1, whichever shell it is, and ${app} never receives SIGTERM: ${stopConsequence(plan)}.`;
    case 'no-command':
      if (shell.analysis.error?.message.startsWith(SHELL_TOO_COMPLEX)) {
        return `${runs}, which is too long or nested too deeply to analyse, so whether the shell hands PID 1 to ${app} is not known: exec form, or a script ending in exec, makes it certain.`;
      }
      return `${runs}, which runs no command the shell could hand PID 1 to.`;
    default: {
      const who = sh === '/bin/sh' || sh === 'sh' ? `the image's ${sh}` : sh;
      return `${runs}. Unless ${who} execs the last command (bash and BusyBox ash do, Debian's dash does not), the shell stays PID 1 and ${app} never receives SIGTERM: ${stopConsequence(plan)}.`;
    }
  }
}
