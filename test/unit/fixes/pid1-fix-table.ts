/**
 * Helpers for the table-driven fix tests of missing-init, package-manager-pid1 and stop-signal:
 * a fixture folder is read into memory, analysed, one fix applied, and the fixed files analysed
 * again, so each case checks the exact edits, the text after and what the analysis then says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { analyze, fileKindOf, type AnalysisResult } from '../../../src/core';
import { applyFileEdits } from '../../../src/core/fixes/apply';
import type { Finding, Fix, RuleId, SourceFile, TextEdit } from '../../../src/core/types';
import { FIXTURES } from '../helpers';

export const ROOT = '/virtual';

/** The files of a fixture folder (below test/fixtures/fixes), by virtual path. */
export function loadFixture(relative: string): Map<string, string> {
  const dir = path.join(FIXTURES, 'fixes', relative);
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const rel = path.relative(dir, full).split(path.sep).join('/');
        files.set(`${ROOT}/${rel}`, fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(dir);
  return files;
}

/** Analyses every Dockerfile and compose file of the map; the rest is read from the map. */
export function analyseFiles(files: Map<string, string>): AnalysisResult {
  const sources: SourceFile[] = [];
  for (const [p, text] of files) {
    const kind = fileKindOf(p);
    if (kind) sources.push({ path: p, text, kind });
  }
  return analyze({ files: sources, reader: { readFile: (p) => files.get(p) } });
}

/** `Dockerfile 2:1-2:1 "text"`: an edit the way the tables write it (1-based, end exclusive). */
export function showEdit(e: TextEdit): string {
  const name = e.path.slice(ROOT.length + 1);
  const r = e.range;
  return `${name} ${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${JSON.stringify(e.newText)}`;
}

export function applyFix(files: Map<string, string>, fix: Fix): Map<string, string> {
  const out = new Map(files);
  const byPath = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  for (const [p, edits] of byPath) {
    const text = files.get(p);
    assert.ok(text !== undefined, `the fix edits ${p}, which is not in the fixture`);
    out.set(p, applyFileEdits(text, edits));
  }
  return out;
}

export function findingsOf(result: AnalysisResult, rule: RuleId, file?: string): Finding[] {
  return result.findings.filter(
    (f) => f.rule === rule && (file === undefined || f.path === `${ROOT}/${file}`),
  );
}

export interface FixCase {
  name: string;
  fixture: string;
  /** The file the finding is in, relative to the fixture. */
  file: string;
  /** The finding's first line (1-based), when the file has several of the rule. */
  line?: number;
  title: string;
  preferred?: boolean;
  edits: string[];
  /** The text of each edited file after the fix. */
  after: Record<string, string>;
  /** What becomes of the rule's finding in `file`: gone, or down to info (compose init: true). */
  then?: 'gone' | 'info';
}

/**
 * Runs one table row: the finding of `rule` in `file` offers the fix titled `title`, with exactly
 * these edits and this text after; the fixed files parse, the finding is gone (or info), and no
 * rule reports anything that it did not report before.
 */
export function checkFixCase(rule: RuleId, c: FixCase): void {
  const files = loadFixture(c.fixture);
  const before = analyseFiles(files);
  const all = findingsOf(before, rule, c.file);
  const found = all.filter((f) => c.line === undefined || f.range.start.line + 1 === c.line);
  assert.equal(found.length, 1, `one ${rule} finding in ${c.file}: ${JSON.stringify(found)}`);
  const fix = found[0].fixes.find((f) => f.title === c.title);
  assert.ok(fix, `fix "${c.title}" among ${JSON.stringify(found[0].fixes.map((f) => f.title))}`);
  assert.equal(fix.safe, false, 'these fixes are never safe');
  assert.equal(fix.preferred === true, c.preferred === true, 'preferred');
  assert.deepEqual(fix.edits.map(showEdit), c.edits);

  const fixed = applyFix(files, fix);
  for (const [name, text] of Object.entries(c.after)) {
    assert.equal(fixed.get(`${ROOT}/${name}`), text, `${name} after the fix`);
  }
  const after = analyseFiles(fixed);
  const problems = (r: AnalysisResult) => r.problems.map((p) => `${p.path}: ${p.message}`);
  assert.deepEqual(problems(after), problems(before), 'the fixed files parse as before');
  // Edits move lines, so the finding is followed by count: one fewer, or one fewer above info.
  const left = findingsOf(after, rule, c.file);
  const aboveInfo = (list: Finding[]) => list.filter((f) => f.severity !== 'info').length;
  if ((c.then ?? 'gone') === 'gone') {
    assert.equal(left.length, all.length - 1, `the ${rule} finding is gone from ${c.file}`);
  } else {
    assert.equal(found[0].severity, 'warning');
    assert.equal(left.length, all.length, `${rule} stays in ${c.file}`);
    assert.equal(aboveInfo(left), aboveInfo(all) - 1, `${rule} in ${c.file} is down to info`);
  }
  const rulesBefore = new Set(before.findings.map((f) => f.rule));
  const newRules = after.findings.filter((f) => !rulesBefore.has(f.rule)).map((f) => f.rule);
  assert.deepEqual(newRules, [], 'no rule reports what it did not report before');
}

/** The finding of `rule` in `file` for a near miss: it is there, and offers none of `titles`. */
export function nearMiss(relative: string, rule: RuleId, file: string): Finding | undefined {
  const result = analyseFiles(loadFixture(relative));
  const found = findingsOf(result, rule, file);
  assert.ok(found.length <= 1, `at most one ${rule} finding in ${file}`);
  return found[0];
}
