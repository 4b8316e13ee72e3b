import type { LaunchPlan } from '../launch/types';
import type { CommandInstruction } from '../parse/model';
import type { Finding, Fix } from '../types';
import {
  explicitShellArgv,
  execFormText,
  lenientElements,
  needsShell,
  repairExecFormEdits,
  shellTextOfArgs,
} from '../fixes/command-edits';
import { finding, quoteText, type Rule } from './rule';

/**
 * Bracketed ENTRYPOINT/CMD text that is not a JSON array of strings. Docker does not reject it:
 * it silently runs the whole text through /bin/sh -c, brackets, quotes and all.
 */
export const malformedExecForm: Rule = {
  id: 'malformed-exec-form',
  defaultSeverity: 'error',
  description:
    'A bracketed ENTRYPOINT or CMD that is not valid JSON, which Docker silently runs as shell form.',
  fixable: 'unsafe',
  check(plan) {
    const out: Finding[] = [];
    const instructions = plan.instructions;
    if (!instructions) return out;
    for (const instr of [instructions.entrypoint, instructions.cmd]) {
      if (!instr || instr.form.kind !== 'malformed') continue;
      const form = instr.form;
      let message = `This ${instr.keyword} is not valid JSON (${form.detail.replace(/\.\s*$/, '')}), so Docker runs it as shell form: /bin/sh -c ${quoteText(form.mapped.text)}, which fails or runs something else.`;
      const fix = repairFix(instructions.path, instr);
      if (form.problem === 'bare-word' || (form.intended && needsShell(form.intended))) {
        message += ` Exec form never expands variables; to expand one, write ${shellFormHint(plan, instr)} with the variable inside the string.`;
      } else if (!fix) {
        message += ' Rewrite it by hand as a JSON array of double-quoted strings.';
      }
      out.push(
        finding(malformedExecForm, { path: instructions.path, range: instr.range }, message, {
          fixes: fix ? [fix] : [],
        }),
      );
    }
    return out;
  },
};

/**
 * Valid JSON with the words the user meant, for single quotes and trailing commas. Not safe:
 * Docker ran the text through /bin/sh until now, so the program that runs changes. Not offered
 * when a word needs a shell (`'$APP'`): exec form would pass it on literally.
 */
export function repairFix(path: string, instr: CommandInstruction): Fix | undefined {
  const form = instr.form;
  if (form.kind !== 'malformed' || !form.intended) return undefined;
  if (form.problem !== 'single-quotes' && form.problem !== 'trailing-comma') return undefined;
  if (needsShell(form.intended)) return undefined;
  const edits = repairExecFormEdits(path, form.mapped, form.intended);
  if (!edits) return undefined;
  const requotes = edits.some((e) => e.newText !== '');
  const dropsComma = edits.some((e) => e.newText === '');
  const title =
    requotes && dropsComma
      ? 'Use double quotes and remove the trailing comma'
      : requotes
        ? 'Use double quotes'
        : 'Remove the trailing comma';
  return { title, safe: false, preferred: true, edits };
}

/** The `["/bin/sh", "-c", "exec ..."]` form the words meant, for the message. */
function shellFormHint(plan: LaunchPlan, instr: CommandInstruction): string {
  const generic = '["/bin/sh", "-c", "exec ..."]';
  if (instr.form.kind !== 'malformed') return generic;
  const elements = lenientElements(instr.form.mapped.text);
  if (!elements) return generic;
  const shellText = shellTextOfArgs(elements.map((e) => e.value));
  if (shellText === undefined) return generic;
  const passArgs = instr.keyword === 'ENTRYPOINT' && plan.instructions?.cmd !== undefined;
  const argv = explicitShellArgv(shellText, passArgs);
  return argv ? `${instr.keyword} ${execFormText(argv)}` : generic;
}
