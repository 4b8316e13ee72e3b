import { analyzeShell, splitComposeWords } from '../parse/shell';
import type { LaunchPlan } from '../launch/types';
import type { ComposeCommand, ComposeModel, ExecArg } from '../parse/model';
import type { Finding, Fix } from '../types';
import {
  composeListEdit,
  EXPANSION,
  explicitShellArgv,
  execFormText,
  OPERATOR_WORDS,
  shellTextOfArgs,
  trivialLastCommand,
  unshelledElements,
} from '../fixes/command-edits';
import { finding, type Rule } from './rule';

/** Arguments that no shell will read: those after `sh -c TEXT` belong to the shell, not to us. */
function unshelledArgs(args: ExecArg[]): ExecArg[] {
  return unshelledElements(args, (a) => a.value);
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
        const args = instr.form.args;
        // An image without /bin/sh (distroless, scratch) cannot run the rewrite.
        const fix =
          unshelledArgs(args).length > 0 && plan.baseInfo?.shell !== 'none'
            ? execFormFix(instructions.path, instr.keyword, args)
            : undefined;
        const fixes = fix ? [fix] : [];
        const byHand = fix ? '' : byHandFor(plan, shellTextOfArgs(args.map((a) => a.value)));
        for (const arg of unshelledArgs(args)) {
          if (OPERATOR_WORDS.has(arg.value)) {
            out.push(
              finding(
                shellOperatorsWithoutShell,
                { path: instructions.path, range: arg.range },
                `"${arg.value}" in exec form is passed to ${instr.form.args[0].value} as an ordinary argument: no shell runs here to read it.${byHand}`,
                { fixes },
              ),
            );
          } else if (EXPANSION.test(arg.value)) {
            out.push(
              finding(
                shellOperatorsWithoutShell,
                { path: instructions.path, range: arg.range },
                `Exec form does not expand variables: ${instr.form.args[0].value} receives "${arg.value}" literally. To expand it, use ["/bin/sh", "-c", "exec ..."].${byHand}`,
                { fixes },
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
        const fix =
          plan.baseInfo?.shell === 'none'
            ? undefined
            : composeFix(plan.compose!.model, key, cmd, service.command !== undefined);
        const fixes = fix ? [fix] : [];
        const meant =
          cmd.kind === 'list' ? shellTextOfArgs(cmd.args.map((a) => a.value)) : cmd.value.trim();
        const byHand = fix ? '' : byHandFor(plan, meant);
        if (cmd.kind === 'list') {
          for (const arg of unshelledArgs(cmd.args)) {
            if (OPERATOR_WORDS.has(arg.value)) {
              out.push(
                finding(
                  shellOperatorsWithoutShell,
                  { path, range: arg.range },
                  `"${arg.value}" in a ${key}: list is passed to ${cmd.args[0].value} as an ordinary argument: compose runs no shell.${byHand}`,
                  { fixes },
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
            `Compose runs no shell for a string ${key}: it splits it into words and stops at "${split.operator}", so only "${kept}" runs and "${dropped}" is silently dropped (docker-compose v1 instead passes "${split.operator}" on as an argument).${byHand}`,
            { fixes },
          ),
        );
      }
    }
    return out;
  },
};

const BY_HAND =
  ' No automatic fix: write it as ["/bin/sh", "-c", "..."] by hand, with exec before the command that should become PID 1.';

const TITLE = 'Run it with /bin/sh -c';

/**
 * What to do when no rewrite is offered. `shellText` is what the words were meant as; when it
 * ends with a command that returns at once (`... && echo done`), exec'ing that would not hand
 * PID 1 to the app, which is why no rewrite is offered.
 */
function byHandFor(plan: LaunchPlan, shellText: string | undefined): string {
  if (plan.baseInfo?.shell === 'none') {
    return ' No automatic fix: this image has no /bin/sh to read them; run each step as its own program (the first at build time, say) and keep exec form.';
  }
  const trivial = shellText === undefined ? undefined : trivialLastCommand(analyzeShell(shellText));
  if (trivial !== undefined) {
    return ` No automatic fix: the last command, ${trivial}, returns at once, so a shell would wait for the app before it and stay PID 1, and exec ${trivial} would not make the app PID 1. Drop what follows the app (or run it before), then write it as ["/bin/sh", "-c", "... exec <app>"].`;
  }
  return BY_HAND;
}

/**
 * `["/bin/sh", "-c", "a && exec b"]` in place of an exec-form array, so the operators mean what
 * was written. An ENTRYPOINT keeps receiving CMD through `"$@"`. Not safe: what runs changes.
 */
function execFormFix(path: string, keyword: string, args: readonly ExecArg[]): Fix | undefined {
  const first = args[0].range.start;
  const last = args[args.length - 1].range.end;
  // Written anew as one line, so only when it is one line: comment lines would be lost.
  if (first.line !== last.line) return undefined;
  const text = shellTextOfArgs(args.map((a) => a.value));
  const argv = text === undefined ? undefined : explicitShellArgv(text, keyword === 'ENTRYPOINT');
  if (!argv) return undefined;
  return {
    title: TITLE,
    safe: false,
    preferred: true,
    edits: [{ path, range: { start: first, end: last }, newText: execFormText(argv).slice(1, -1) }],
  };
}

/**
 * The list form `["/bin/sh", "-c", "a && exec b"]` in place of a compose command. Not for an
 * `entrypoint:` under a `command:` (its words would become the shell's `$0`, `$1`), nor for a
 * list item with `$`, which compose interpolates before the shell would split it again.
 */
function composeFix(
  model: ComposeModel,
  key: 'command' | 'entrypoint',
  cmd: ComposeCommand,
  hasCommand: boolean,
): Fix | undefined {
  if (key === 'entrypoint' && hasCommand) return undefined;
  let text: string | undefined;
  if (cmd.kind === 'list') {
    const values = cmd.args.map((a) => a.value);
    if (values.some((v) => v.includes('$'))) return undefined;
    text = shellTextOfArgs(values);
  } else {
    text = cmd.value.trim();
  }
  const argv = text === undefined ? undefined : explicitShellArgv(text, false);
  if (!argv) return undefined;
  return {
    title: TITLE,
    safe: false,
    preferred: true,
    edits: [composeListEdit(model.path, model.lines, cmd, argv)],
  };
}
