/**
 * What `check` found, in the shape every presenter (text, JSON, SARIF) reads: one entry per
 * file checked, findings or not, with what `--fix` applied to it.
 */
import type { FileProblem, Finding, Range, RuleId } from '../core';

/** A fix that `--fix` wrote, listed under the file where its finding was. */
export interface AppliedFix {
  rule: RuleId;
  title: string;
  /** Where the finding was when the fix was applied (1-based). */
  line: number;
  column: number;
  /** Every file the fix changed (absolute, forward slashes). */
  paths: string[];
}

export interface FileReport {
  /** Absolute, forward slashes. */
  path: string;
  kind: 'dockerfile' | 'compose';
  findings: Finding[];
  /** Parts of the file that could not be read as what it claims to be (YAML errors...). */
  problems: FileProblem[];
  applied: AppliedFix[];
}

export interface CheckReport {
  files: FileReport[];
  /** The working folder: reported paths are relative to it. */
  cwd: string;
}

/** A 0-based half-open range as the 1-based positions of the contract (end still exclusive). */
export function oneBased(range: Range): {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
} {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** Whether a finding of this severity makes the exit code 1 under `--fail-on`. */
export function failsOn(
  severity: Finding['severity'],
  failOn: 'error' | 'warning' | 'info' | 'never',
): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}
