import { splitComposeWords } from '../parse/shell';
import type { ExecArg } from '../parse/model';
import type { Finding } from '../types';
import { basename } from '../launch/build';
import { finding, type Rule } from './rule';

const OPERATOR_WORDS = new Set([
  '&&',
  '||',
  '|',
  ';',
  '&',
  '>',
  '>>',
  '<',
  '2>',
  '2>&1',
  '&>',
  '|&',
  ';;',
]);
const EXPANSION = /\$(\{|\(|[A-Za-z_])/;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox']);

/** Arguments that no shell will read: those after `sh -c TEXT` belong to the shell, not to us. */
function unshelledArgs(args: ExecArg[]): ExecArg[] {
  if (args.length === 0) return [];
  if (SHELLS.has(basename(args[0].value))) {
    return [];
  }
  return args;
}

/**
 * Shell syntax where no shell reads it. In exec form, `&&` is an argument and `$APP` a literal.
 * In compose, a string command is split into words by go-shellwords, which stops at the first
 * unquoted `;`, `&`, `|`, `<` or `>` and silently drops the rest (compose v2).
 */
export const shellOperatorsWithoutShell: Rule = {
  id: 'shell-operators-without-shell',
  defaultSeverity: 'error',
  description:
    'Shell operators or $VAR where no shell will read them: exec form, or a compose string command.',
  fixable: 'unsafe',
  check(plan) {
    const out: Finding[] = [];
    const instructions = plan.instructions;
    if (instructions) {
      for (const instr of [instructions.entrypoint, instructions.cmd]) {
        if (!instr || instr.form.kind !== 'exec') continue;
        for (const arg of unshelledArgs(instr.form.args)) {
          if (OPERATOR_WORDS.has(arg.value)) {
            out.push(
              finding(
                shellOperatorsWithoutShell,
                { path: instructions.path, range: arg.range },
                `"${arg.value}" in exec form is passed to ${instr.form.args[0].value} as an ordinary argument: no shell runs here to read it.`,
              ),
            );
          } else if (EXPANSION.test(arg.value)) {
            out.push(
              finding(
                shellOperatorsWithoutShell,
                { path: instructions.path, range: arg.range },
                `Exec form does not expand variables: ${instr.form.args[0].value} receives "${arg.value}" literally. To expand it, use ["/bin/sh", "-c", "exec ..."].`,
              ),
            );
          }
        }
      }
    }
    const service = plan.compose?.service;
    const path = plan.compose?.model.path;
    if (service && path) {
      for (const [key, cmd] of [
        ['command', service.command],
        ['entrypoint', service.entrypoint],
      ] as const) {
        if (!cmd) continue;
        if (cmd.kind === 'list') {
          for (const arg of unshelledArgs(cmd.args)) {
            if (OPERATOR_WORDS.has(arg.value)) {
              out.push(
                finding(
                  shellOperatorsWithoutShell,
                  { path, range: arg.range },
                  `"${arg.value}" in a ${key}: list is passed to ${cmd.args[0].value} as an ordinary argument: compose runs no shell.`,
                ),
              );
            }
          }
          continue;
        }
        const split = splitComposeWords(cmd.value);
        if (split.droppedFrom === undefined) continue;
        const kept = split.words.join(' ');
        const dropped = cmd.value.slice(split.droppedFrom).trim();
        out.push(
          finding(
            shellOperatorsWithoutShell,
            { path, range: cmd.mapped.toRange(split.droppedFrom, cmd.value.length) },
            `Compose runs no shell for a string ${key}: it splits it into words and stops at "${split.operator}", so only "${kept}" runs and "${dropped}" is silently dropped (docker-compose v1 instead passes "${split.operator}" on as an argument).`,
          ),
        );
      }
    }
    return out;
  },
};
