/**
 * The table shape of the fix tests: input files, the finding, the fix by title, the exact edits
 * and the text after. Each case is then analysed again, to show the fixed file still parses,
 * the finding is gone, and no rule that was quiet before speaks up.
 */
import assert from 'node:assert/strict';
import { applyFileEdits } from '../../../src/core/fixes/apply';
import type { Finding, Fix, RuleId, TextEdit } from '../../../src/core/types';
import { analyseTexts } from '../helpers';

export interface FixCase {
  name: string;
  /** File name -> text; the first one is the file the finding is in unless `file` says. */
  files: Record<string, string>;
  file?: string;
  /** The file the fix edits, when it is not the finding's file. */
  editFile?: string;
  rule: RuleId;
  /** Which finding of the rule, when the file has several (default: the first). */
  line?: number;
  /** The fix by title; default: the preferred one. */
  title?: string;
  /** Edits in the short form `line:col-line:col "newText"` (1-based, JSON-quoted text). */
  edits: string[];
  after: string;
  safe: boolean;
  /** Rules allowed to appear after the fix although they were not reported before. */
  allowNew?: RuleId[];
}

export interface NoFixCase {
  name: string;
  files: Record<string, string>;
  file?: string;
  rule: RuleId;
  line?: number;
  /** A fix title that must not be offered; default: no fix at all. */
  absent?: string;
  /** What the message must say instead, to tell what to do by hand (a string: a part of it). */
  message?: RegExp | string;
}

export function shortEdit(e: TextEdit): string {
  const r = e.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${JSON.stringify(e.newText)}`;
}

function fileOf(c: { files: Record<string, string>; file?: string }): string {
  return c.file ?? Object.keys(c.files)[0];
}

function findingOf(
  findings: Finding[],
  c: { files: Record<string, string>; file?: string; rule: RuleId; line?: number },
): Finding {
  const path = `/virtual/${fileOf(c)}`;
  const found = findings.filter(
    (f) =>
      f.rule === c.rule &&
      f.path === path &&
      (c.line === undefined || f.range.start.line + 1 === c.line),
  );
  assert.ok(
    found.length > 0,
    `no ${c.rule} finding in ${path}; got ${findings.map((f) => f.rule).join(', ')}`,
  );
  return found[0];
}

/** Runs one table row; returns the fix for extra checks. */
export function checkFix(c: FixCase): Fix {
  const before = analyseTexts(c.files);
  const finding = findingOf(before.findings, c);
  const fix =
    c.title === undefined
      ? finding.fixes.find((f) => f.preferred)
      : finding.fixes.find((f) => f.title === c.title);
  assert.ok(
    fix,
    `fix ${c.title ?? '(preferred)'} not offered; offered: ${finding.fixes.map((f) => f.title).join(', ') || 'none'}`,
  );
  assert.equal(fix.safe, c.safe, 'safe');
  assert.equal(finding.fixes.filter((f) => f.preferred).length <= 1, true, 'one preferred fix');
  assert.deepEqual(fix.edits.map(shortEdit), c.edits);

  const path = `/virtual/${fileOf(c)}`;
  const name = c.editFile ?? fileOf(c);
  for (const e of fix.edits) assert.equal(e.path, `/virtual/${name}`);
  const text = c.files[name];
  const fixed = applyFileEdits(text, fix.edits);
  assert.equal(fixed, c.after);

  const after = analyseTexts({ ...c.files, [name]: fixed });
  const problemsBefore = before.problems.filter((p) => p.path === path).length;
  const problemsAfter = after.problems.filter((p) => p.path === path);
  assert.ok(
    problemsAfter.length <= problemsBefore,
    `the fixed file has problems: ${problemsAfter.map((p) => p.message).join('; ')}`,
  );
  const same = after.findings.filter(
    (f) => f.rule === c.rule && f.path === path && f.range.start.line === finding.range.start.line,
  );
  assert.deepEqual(
    same.map((f) => f.message),
    [],
    'the fixed finding is gone',
  );
  const rulesBefore = new Set(before.findings.map((f) => f.rule));
  const fresh = after.findings.filter(
    (f) => !rulesBefore.has(f.rule) && !(c.allowNew ?? []).includes(f.rule),
  );
  assert.deepEqual(
    fresh.map((f) => `${f.rule}: ${f.message}`),
    [],
    'no finding of a rule that was quiet before',
  );
  return fix;
}

export function checkNoFix(c: NoFixCase): void {
  const finding = findingOf(analyseTexts(c.files).findings, c);
  if (c.absent === undefined) {
    assert.deepEqual(
      finding.fixes.map((f) => f.title),
      [],
    );
  } else {
    assert.ok(!finding.fixes.some((f) => f.title === c.absent), `${c.absent} is offered`);
  }
  if (typeof c.message === 'string')
    assert.ok(finding.message.includes(c.message), finding.message);
  else if (c.message) assert.match(finding.message, c.message);
}
