import { shellLabel, TRIVIAL_COMMANDS } from '../launch/build';
import type { ChainLink, LaunchPlan } from '../launch/types';
import type { ExecArg } from '../parse/model';
import { splitComposeWords } from '../parse/shell';
import {
  execInsertion,
  insertIntoComposeWord,
  insertIntoJsonString,
  insertIntoShellWord,
  insertIntoYamlScalar,
} from '../fixes/command-edits';
import type { Finding, Fix, Range, TextEdit } from '../types';
import { finding, quoteText, stopConsequence, type Rule } from './rule';

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
      const fix = fixFor(plan, link);
      const byHand = fix
        ? ''
        : ' No automatic fix: put exec before the command that should become PID 1, or move the commands into a script that ends with exec.';
      out.push(
        finding(
          shellWithoutExec,
          link.source,
          `${link.argv[0]} -c ${quoteText(shell.text)} stays in the process tree: ${why}. SIGTERM stops at the shell and never reaches the app: ${stopConsequence(plan)}.${byHand}`,
          { fixes: fix ? [fix] : [] },
        ),
      );
    }
    return out;
  },
};

const C_FLAG = /^-[a-zA-Z]*c[a-zA-Z]*$/;

function inside(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** The element that holds the `-c` text: the one after a `-c` flag, with the text as value. */
function textElement(args: readonly ExecArg[], text: string, within: Range): ExecArg | undefined {
  return args.find(
    (a, i) =>
      i > 0 && a.value === text && C_FLAG.test(args[i - 1].value) && inside(within, a.range),
  );
}

/**
 * `exec ` before the last command of an explicit `sh -c` text, written where that text is: an
 * exec-form element, a compose list item, a word of a compose string command, or a quoted word
 * of shell-form text. Safe: the same commands run, the shell just hands its PID to the last.
 */
function fixFor(plan: LaunchPlan, link: ChainLink): Fix | undefined {
  const shell = link.shell;
  const source = link.source;
  if (!shell || !source) return undefined;
  const insertion = execInsertion(shell.analysis, TRIVIAL_COMMANDS);
  if (!insertion) return undefined;
  const edit = locate(plan, link, insertion.offset);
  return (
    edit && {
      title: `Add exec before ${insertion.name}`,
      safe: true,
      preferred: true,
      edits: [edit],
    }
  );
}

function locate(plan: LaunchPlan, link: ChainLink, offset: number): TextEdit | undefined {
  const shell = link.shell!;
  const source = link.source!;
  const text = shell.text;
  const instructions = plan.instructions;
  if (instructions && instructions.path === source.path) {
    for (const instr of [instructions.entrypoint, instructions.cmd]) {
      if (!instr) continue;
      if (instr.form.kind === 'exec') {
        const arg = textElement(instr.form.args, text, source.range);
        if (arg) return insertIntoJsonString(source.path, arg, offset, 'exec ');
      }
    }
    // `CMD sh -c "a && b"` in shell form: the text is a quoted word of the outer shell's text.
    for (const outer of plan.chain) {
      const mapped = outer.shell?.implicit ? outer.shell.mapped : undefined;
      if (!mapped || outer === link) continue;
      for (const command of outer.shell!.analysis.commands) {
        const word = command.words.find(
          (w, i) =>
            i > 0 &&
            w.literal === text &&
            C_FLAG.test(command.words[i - 1].literal ?? '') &&
            inside(source.range, mapped.toRange(w.start, w.end)),
        );
        if (word) return insertIntoShellWord(source.path, mapped, word, offset, 'exec ');
      }
    }
  }
  const compose = plan.compose;
  if (compose && compose.model.path === source.path) {
    for (const cmd of [compose.service.command, compose.service.entrypoint]) {
      if (!cmd) continue;
      if (cmd.kind === 'list') {
        const arg = textElement(cmd.args, text, source.range);
        if (arg)
          return insertIntoYamlScalar(source.path, compose.model.lines, arg, offset, 'exec ');
        continue;
      }
      const words = splitComposeWords(cmd.value).words;
      const index = words.findIndex((w, i) => i > 0 && w === text && C_FLAG.test(words[i - 1]));
      if (index > 0 && inside(cmd.range, source.range)) {
        return insertIntoComposeWord(source.path, cmd, index, offset, 'exec ');
      }
    }
  }
  return undefined;
}
