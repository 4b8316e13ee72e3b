import type { LaunchPlan } from '../launch/types';
import type { CommandInstruction } from '../parse/model';
import { analyzeShell } from '../parse/shell';
import {
  execFormEdits,
  execFormText,
  explicitShellArgv,
  isPosixShell,
} from '../fixes/command-edits';
import type { Fix } from '../types';
import { repairFix } from './malformed-exec-form';
import { finding, shellFormPrefix, type Rule } from './rule';

/** A shell-form ENTRYPOINT runs `/bin/sh -c "<text>"` and passes no arguments on: CMD is dead. */
export const cmdIgnored: Rule = {
  id: 'cmd-ignored',
  defaultSeverity: 'warning',
  description: 'A shell-form ENTRYPOINT, which makes CMD and docker run arguments ignored.',
  fixable: 'unsafe',
  check(plan) {
    const instructions = plan.instructions;
    const ep = instructions?.entrypoint;
    const cmd = instructions?.cmd;
    if (!instructions || !ep || ep.form.kind === 'exec') return [];
    const kind =
      ep.form.kind === 'malformed'
        ? 'is not valid JSON, so it runs in shell form'
        : 'is in shell form';
    // A compose command: over a built Dockerfile's shell-form ENTRYPOINT is dropped the same
    // way; the override is written in the compose file, so the finding lands there.
    const command = plan.compose?.service.command;
    const fixes = fixesFor(plan, ep);
    const byHand =
      fixes.length > 0
        ? ''
        : ' No automatic fix: rewrite the ENTRYPOINT in exec form by hand (a shell-form CMD too), or as ["/bin/sh", "-c", "exec <command> \\"$@\\"", "sh"] if it needs the shell.';
    if (command && plan.compose) {
      const line = ep.range.start.line + 1;
      return [
        finding(
          cmdIgnored,
          { path: plan.compose.model.path, range: command.range },
          `This command is ignored: the ENTRYPOINT it would be passed to (${instructions.path.slice(instructions.path.lastIndexOf('/') + 1)}, line ${line}) ${kind}, and Docker runs it through ${shellFormPrefix(plan)} without arguments.${byHand}`,
          {
            fixes,
            related: [
              { path: instructions.path, range: ep.range, message: 'This ENTRYPOINT ignores CMD.' },
            ],
          },
        ),
      ];
    }
    if (!cmd) return [];
    return [
      finding(
        cmdIgnored,
        { path: instructions.path, range: ep.range },
        `This ENTRYPOINT ${kind}: Docker runs it through ${shellFormPrefix(plan)} and never passes it the CMD on line ${cmd.range.start.line + 1} or the arguments of docker run, so they are ignored.${byHand}`,
        {
          fixes,
          related: [{ path: instructions.path, range: cmd.range, message: 'This CMD is ignored.' }],
        },
      ),
    ];
  },
};

/**
 * The ENTRYPOINT rewritten so that CMD is passed to it: exec form when it is one command of
 * literal words (or bracketed text that only needs its quotes or a comma repaired), else an
 * explicit `/bin/sh -c` that execs the command with `"$@"`. Not safe: CMD starts to count.
 */
function fixesFor(plan: LaunchPlan, ep: CommandInstruction): Fix[] {
  const instructions = plan.instructions;
  if (!instructions) return [];
  // A shell-form CMD would reach the new exec-form ENTRYPOINT as `/bin/sh -c "..."` words.
  const cmd = instructions.cmd;
  if (!plan.compose?.service.command && cmd && cmd.form.kind !== 'exec') return [];
  const path = instructions.path;
  if (ep.form.kind === 'malformed') {
    const repair = repairFix(path, ep);
    return repair ? [{ ...repair, title: 'Convert ENTRYPOINT to exec form' }] : [];
  }
  if (ep.form.kind !== 'shell') return [];
  const shellArgv =
    instructions.shell?.form.kind === 'exec'
      ? instructions.shell.form.args.map((a) => a.value)
      : undefined;
  if (!isPosixShell(shellArgv)) return [];

  const mapped = ep.form.mapped;
  const analysis = analyzeShell(mapped.text);
  const execForm = execFormEdits(path, mapped, analysis);
  if (execForm) {
    return [
      { title: 'Convert ENTRYPOINT to exec form', safe: false, preferred: true, edits: execForm },
    ];
  }
  // Written anew as one line, so only when it is one line: comment lines would be lost.
  const range = ep.argsRange;
  const argv = explicitShellArgv(mapped.text, true);
  if (!argv || range.start.line !== range.end.line || plan.baseInfo?.shell === 'none') return [];
  return [
    {
      title: 'Pass CMD through /bin/sh -c',
      safe: false,
      preferred: true,
      edits: [{ path, range, newText: execFormText(argv) }],
    },
  ];
}
