import type { LaunchPlan, ShellLink } from '../launch/types';
import type { CommandInstruction } from '../parse/model';
import type { Finding } from '../types';
import { shellLabel } from '../launch/build';
import { appName, baseImageRelated, finding, quoteText, stopConsequence, type Rule } from './rule';

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
  check(plan) {
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
      const message = describe(plan, instr, shell);
      const severity = shell?.execs ? 'info' : 'warning';
      out.push(
        finding(shellForm, { path: instructions.path, range: instr.range }, message, {
          severity,
          related: baseImageRelated(plan),
        }),
      );
    }
    return out;
  },
};

function describe(
  plan: LaunchPlan,
  instr: CommandInstruction,
  shell: ShellLink | undefined,
): string {
  const text = instr.form.kind === 'shell' ? instr.form.mapped.text : '';
  const runs = `Shell form runs this ${instr.keyword} as /bin/sh -c ${quoteText(text)}`;
  const app = appName(plan);
  if (!shell) {
    return `${runs}: a shell sits between Docker and ${app}, and unless it execs the last command, ${app} never receives SIGTERM.`;
  }
  switch (shell.execReason) {
    case 'implicit-exec':
      return `${runs}; the image's /bin/sh (${shellLabel(shell.kind)}) execs the last command, so ${app} still becomes PID 1. Exec form keeps it that way whatever the shell and whatever is added to the line.`;
    case 'dash-never':
      return `${runs}; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to ${app}: ${stopConsequence(plan)}.`;
    case 'not-last':
      return `${runs}; its last command is inside a ${shell.analysis.last?.context ?? 'compound command'}, so no shell execs it: /bin/sh stays PID 1 and ${app} never receives SIGTERM: ${stopConsequence(plan)}.`;
    case 'no-command':
      return `${runs}, which runs no command the shell could hand PID 1 to.`;
    default:
      return `${runs}. Unless the image's /bin/sh execs the last command (bash and BusyBox ash do, Debian's dash does not), the shell stays PID 1 and ${app} never receives SIGTERM: ${stopConsequence(plan)}.`;
  }
}
