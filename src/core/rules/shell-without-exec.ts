import { shellLabel } from '../launch/build';
import type { Finding } from '../types';
import { finding, quoteText, stopConsequence, type Rule } from './rule';

/** Commands that return at once: a shell that ends with one of them is not waiting on the app. */
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

/**
 * An explicit `sh -c "..."` that will not exec its last command, so the shell stays in the chain
 * and SIGTERM stops there. Shell form is the shell-form rule's; scripts are script-without-exec's.
 */
export const shellWithoutExec: Rule = {
  id: 'shell-without-exec',
  defaultSeverity: 'warning',
  description: 'A shell in the chain (sh -c "a && b") that will not exec the last command.',
  fixable: 'safe',
  check(plan) {
    const out: Finding[] = [];
    for (const link of plan.chain) {
      const shell = link.shell;
      if (link.role !== 'shell' || !shell || shell.implicit || shell.mode !== '-c' || !link.source)
        continue;
      if (shell.execs) continue;
      const last = shell.analysis.last;
      const lastName = last?.command.words[0]?.literal;
      let why: string;
      switch (shell.execReason) {
        case 'dash-never':
          why = `this image's /bin/sh is dash, which does not exec the last command`;
          break;
        case 'not-last':
          why = `the last command is inside a ${last?.context ?? 'compound command'}, which no shell execs`;
          break;
        case 'no-command':
          why = 'it runs no command it could hand PID 1 to';
          break;
        default:
          why = `it does not say exec, and whether ${shellLabel(shell.kind)} execs the last command on its own is not known`;
      }
      if (lastName && TRIVIAL_COMMANDS.has(lastName)) {
        why = `its last command is ${lastName}, so the shell has to wait for the app before it`;
      }
      out.push(
        finding(
          shellWithoutExec,
          link.source,
          `${link.argv[0]} -c ${quoteText(shell.text)} stays in the process tree: ${why}. SIGTERM stops at the shell and never reaches the app: ${stopConsequence(plan)}.`,
        ),
      );
    }
    return out;
  },
};
