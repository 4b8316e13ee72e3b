import type { Finding } from '../types';
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
      const detail = form.detail.replace(/\.\s*$/, '');
      let message = `This ${instr.keyword} is not valid JSON (${detail}), so Docker runs it as shell form: /bin/sh -c ${quoteText(form.mapped.text)}, which fails or runs something else.`;
      if (form.problem === 'bare-word') {
        message += ` Exec form never expands variables; to expand one, write ["/bin/sh", "-c", "exec ..."] with the variable inside the string.`;
      }
      out.push(
        finding(malformedExecForm, { path: instructions.path, range: instr.range }, message),
      );
    }
    return out;
  },
};
