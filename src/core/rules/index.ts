import type { RuleId } from '../types';
import { cmdIgnored } from './cmd-ignored';
import { malformedExecForm } from './malformed-exec-form';
import { missingInit } from './missing-init';
import { packageManagerPid1 } from './package-manager-pid1';
import type { Rule } from './rule';
import { shellForm } from './shell-form';
import { shellOperatorsWithoutShell } from './shell-operators-without-shell';
import { shellWithoutExec } from './shell-without-exec';
import { stopSignal } from './stop-signal';

/** Every rule built so far, in the order of DESIGN.md's table. */
export const RULES: readonly Rule[] = [
  shellForm,
  malformedExecForm,
  cmdIgnored,
  missingInit,
  packageManagerPid1,
  shellWithoutExec,
  shellOperatorsWithoutShell,
  stopSignal,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

export type { Rule, RuleContext, RuleMeta } from './rule';
export type { RuleId };
