/**
 * Properties every fix must have, checked over every fixture under test/fixtures, the examples
 * and a generated set (generated.ts):
 *
 * - after a fix the files still parse and the finding it fixed is gone (a compose `init: true`
 *   offered for a Dockerfile's missing-init makes that finding drop to info instead);
 * - text outside the edited ranges is byte-identical;
 * - no fix creates a finding of a rule that was not reported before in that file;
 * - fix-all (the safe fixes, as `check --fix` applies them) twice equals fix-all once, and so
 *   does fix-all with the unsafe fixes too (`--fix --unsafe-fixes`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  analyze,
  fileKindOf,
  RULES,
  type AnalysisResult,
  type FileKind,
  type Finding,
  type Fix,
  type TextEdit,
} from '../../../src/core';
import { applyFileEdits, withEol } from '../../../src/core/fixes/apply';
import { fixAll } from '../../../src/core/fixes/fix-all';
import { detectEol, LineIndex } from '../../../src/core/text';
import { generateCases } from './generated';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A folder analysed as one project, held in memory so fixes can be tried on copies. */
interface Unit {
  name: string;
  /** The Dockerfiles and compose files handed to the core, with their kinds. */
  sources: Map<string, FileKind>;
  /** Every file of the project (package.json, scripts...), by absolute path. */
  texts: Map<string, string>;
}

const MAX_BYTES = 256 * 1024;

/** Rules about the program itself, which broken JSON hides (see the check below). */
const REVEALED_BY_VALID_JSON = ['package-manager-pid1', 'missing-init'];

function readTree(dir: string, texts: Map<string, string>): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(full, texts);
    else if (entry.isFile() && fs.statSync(full).size <= MAX_BYTES) {
      texts.set(full.split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  }
}

function unitOf(name: string, texts: Map<string, string>): Unit {
  const sources = new Map<string, FileKind>();
  for (const file of texts.keys()) {
    const kind = fileKindOf(file);
    if (kind === 'dockerfile' || kind === 'compose') sources.set(file, kind);
  }
  return { name, sources, texts };
}

/**
 * The projects below `root`: the first folder on each path down that holds a Dockerfile or a
 * compose file is one project, with everything below it.
 */
function unitsOnDisk(root: string): Unit[] {
  if (!fs.existsSync(root)) return [];
  const units: Unit[] = [];
  const visit = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && fileKindOf(e.name))) {
      const texts = new Map<string, string>();
      readTree(dir, texts);
      units.push(unitOf(path.relative(REPO_ROOT, dir), texts));
      return;
    }
    for (const e of entries) if (e.isDirectory()) visit(path.join(dir, e.name));
  };
  visit(root);
  return units;
}

const GENERATED_ROOT = '/generated';

function generatedUnits(): Unit[] {
  return generateCases({ seed: 1, dockerfiles: 14 * 9, composes: 40 }).map((c, i) => {
    const texts = new Map<string, string>();
    for (const [rel, text] of Object.entries(c.files)) {
      texts.set(`${GENERATED_ROOT}/case-${i}/${rel}`, text);
    }
    return unitOf(`generated ${c.name}`, texts);
  });
}

function analyseUnit(unit: Unit, texts: ReadonlyMap<string, string>): AnalysisResult {
  return analyze({
    files: [...unit.sources].map(([p, kind]) => ({ path: p, kind, text: texts.get(p)! })),
    // Everything the project holds is in memory; nothing is read from disk, so a fix is
    // judged on the texts as it left them.
    reader: { readFile: (p) => texts.get(p) },
    config: { rules: {} },
  });
}

function describeFinding(f: Finding): string {
  const r = f.range;
  return `${f.rule} (${f.severity}) at ${path.basename(f.path)}:${r.start.line + 1}:${r.start.character + 1}`;
}

function key(f: Finding): string {
  return `${f.path}\u0000${f.rule}\u0000${f.severity}`;
}

function countBy(findings: readonly Finding[], keyOf: (f: Finding) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(keyOf(f), (counts.get(keyOf(f)) ?? 0) + 1);
  return counts;
}

function rulesByPath(findings: readonly Finding[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of findings) {
    const set = out.get(f.path) ?? new Set();
    set.add(f.rule);
    out.set(f.path, set);
  }
  return out;
}

function problemKeys(result: AnalysisResult): Set<string> {
  return new Set(result.problems.map((p) => `${p.path}\u0000${p.message}`));
}

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap((d) =>
    'errors' in d ? d.errors.map((e) => e.message) : [],
  );
}

/**
 * Checks that `after` is `before` with the edits applied and nothing else changed: the text
 * between the edits, before the first and after the last, is byte for byte what it was. The
 * inserted text may have had its line ends adapted to the file's; the file's final newline
 * (or its absence) is kept, which may add or take one line end at the very end.
 */
function outsideUnchanged(before: string, after: string, edits: readonly TextEdit[]): string[] {
  const index = new LineIndex(before);
  const eol = detectEol(before);
  const spans = edits
    .map((e) => ({
      start: index.offsetAt(e.range.start),
      end: index.offsetAt(e.range.end),
      newText: withEol(e.newText, eol),
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const problems: string[] = [];
  let from = 0;
  let at = 0;
  for (const span of spans) {
    const kept = before.slice(from, span.start);
    if (after.slice(at, at + kept.length) !== kept) {
      problems.push(`text before offset ${span.start} changed`);
      return problems;
    }
    at += kept.length + span.newText.length;
    from = span.end;
  }
  const tail = before.slice(from);
  const rest = after.slice(at);
  const strip = (s: string) => s.replace(/(?:\r\n|\r|\n)$/, '');
  if (rest !== tail && strip(rest) !== strip(tail)) {
    problems.push(
      `text after the last edit changed: ${JSON.stringify(tail.slice(0, 60))} -> ${JSON.stringify(rest.slice(0, 60))}`,
    );
  }
  return problems;
}

function applyFix(texts: ReadonlyMap<string, string>, fix: Fix): Map<string, string> {
  const next = new Map(texts);
  const byPath = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  for (const [file, edits] of byPath) {
    const text = texts.get(file);
    assert.ok(text !== undefined, `the fix edits ${file}, which the project does not hold`);
    next.set(file, applyFileEdits(text, edits));
  }
  return next;
}

/** What the whole corpus exercised, for the checks that the properties were not vacuous. */
const seen = {
  fixes: 0,
  safeFixes: 0,
  rules: new Set<string>(),
  units: 0,
  fixAllChanged: 0,
  initElsewhere: 0,
  droppedToInfo: 0,
};

/** Every property for one project; returns the violations, each naming case, finding and fix. */
function checkUnit(unit: Unit): string[] {
  const violations: string[] = [];
  const before = analyseUnit(unit, unit.texts);
  const beforeProblems = problemKeys(before);
  const beforeCounts = countBy(before.findings, key);
  const beforeRules = rulesByPath(before.findings);
  seen.units++;

  for (const finding of before.findings) {
    for (const fix of finding.fixes) {
      seen.fixes++;
      if (fix.safe) seen.safeFixes++;
      seen.rules.add(finding.rule);
      const where = `${describeFinding(finding)}, fix "${fix.title}"`;
      let texts: Map<string, string>;
      try {
        texts = applyFix(unit.texts, fix);
      } catch (err) {
        violations.push(`${where}: cannot be applied: ${(err as Error).message}`);
        continue;
      }
      const after = analyseUnit(unit, texts);

      // The files still parse.
      for (const p of after.problems) {
        if (!beforeProblems.has(`${p.path}\u0000${p.message}`)) {
          violations.push(`${where}: new problem in ${path.basename(p.path)}: ${p.message}`);
        }
      }
      for (const file of new Set(fix.edits.map((e) => e.path))) {
        if (unit.sources.get(file) !== 'compose') continue;
        if (yamlErrors(unit.texts.get(file)!).length > 0) continue;
        for (const e of yamlErrors(texts.get(file)!)) {
          violations.push(`${where}: the compose file no longer parses: ${e}`);
        }
      }

      // The finding is gone (or, for an init set on the compose services that build this
      // Dockerfile, dropped to info).
      const afterCounts = countBy(after.findings, key);
      if ((afterCounts.get(key(finding)) ?? 0) >= (beforeCounts.get(key(finding)) ?? 0)) {
        violations.push(`${where}: the finding is still there`);
      }
      // An init set on the compose services that build this Dockerfile: the finding drops to
      // info (its final stage may still run without them), or goes when only a service ran it.
      const elsewhere = fix.edits.every((e) => e.path !== finding.path);
      if (elsewhere && finding.rule === 'missing-init' && finding.severity !== 'info') {
        const count = (f: readonly Finding[], info: boolean) =>
          f.filter(
            (x) =>
              x.path === finding.path &&
              x.rule === 'missing-init' &&
              (x.severity === 'info') === info,
          ).length;
        seen.initElsewhere++;
        const dropped = count(after.findings, true) > count(before.findings, true);
        const gone =
          count(after.findings, true) + count(after.findings, false) <
          count(before.findings, true) + count(before.findings, false);
        if (dropped) seen.droppedToInfo++;
        if (!dropped && !gone) {
          violations.push(
            `${where}: an init set elsewhere neither removed the finding nor made it info`,
          );
        }
      }

      // Text outside the edits is untouched.
      const byPath = new Map<string, TextEdit[]>();
      for (const e of fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
      for (const [file, edits] of byPath) {
        for (const p of outsideUnchanged(unit.texts.get(file)!, texts.get(file)!, edits)) {
          violations.push(`${where}: in ${path.basename(file)}, ${p}`);
        }
      }

      // No new kind of finding. One narrow exception: text that is not JSON runs as a shell
      // command nobody meant, so the rules about the program the user did mean (npm as PID 1,
      // no init) could not be reported before; making the JSON valid brings them to light.
      const revealed = finding.rule === 'malformed-exec-form' ? REVEALED_BY_VALID_JSON : [];
      for (const [file, rules] of rulesByPath(after.findings)) {
        for (const rule of rules) {
          if (!beforeRules.get(file)?.has(rule) && !revealed.includes(rule)) {
            violations.push(`${where}: creates ${rule} in ${path.basename(file)}`);
          }
        }
      }
    }
  }

  // Fix-all, as check --fix applies it: once, then again on the result, which changes nothing.
  const analyse = (texts: ReadonlyMap<string, string>) => analyseUnit(unit, texts).findings;
  const once = fixAll(unit.texts, analyse, { unsafe: false });
  const twice = fixAll(once.texts, analyse, { unsafe: false });
  if (once.applied.length > 0) seen.fixAllChanged++;
  if (twice.applied.length > 0) {
    violations.push(
      `fix-all twice applied more: ${twice.applied.map((c) => describeFinding(c.finding)).join(', ')}`,
    );
  }
  for (const [file, text] of once.texts) {
    if (twice.texts.get(file) !== text) violations.push(`fix-all twice changed ${file}`);
  }
  const fixedAll = analyseUnit(unit, once.texts);
  for (const p of fixedAll.problems) {
    if (!beforeProblems.has(`${p.path}\u0000${p.message}`)) {
      violations.push(`fix-all: new problem in ${path.basename(p.path)}: ${p.message}`);
    }
  }
  for (const [file, rules] of rulesByPath(fixedAll.findings)) {
    for (const rule of rules) {
      if (!beforeRules.get(file)?.has(rule)) {
        violations.push(`fix-all creates ${rule} in ${path.basename(file)}`);
      }
    }
  }
  // --fix --unsafe-fixes is fix-all too: twice must equal once, and the files must parse.
  const unsafeOnce = fixAll(unit.texts, analyse, { unsafe: true });
  const unsafeTwice = fixAll(unsafeOnce.texts, analyse, { unsafe: true });
  if (unsafeTwice.applied.length > 0) {
    violations.push(
      `fix-all with unsafe fixes twice applied more: ${unsafeTwice.applied.map((c) => describeFinding(c.finding)).join(', ')}`,
    );
  }
  for (const p of analyseUnit(unit, unsafeOnce.texts).problems) {
    if (!beforeProblems.has(`${p.path}\u0000${p.message}`)) {
      violations.push(
        `fix-all with unsafe fixes: new problem in ${path.basename(p.path)}: ${p.message}`,
      );
    }
  }
  return violations;
}

function suite(title: string, units: Unit[]): void {
  describe(title, () => {
    for (const unit of units) {
      it(unit.name, () => {
        const violations = checkUnit(unit);
        assert.deepEqual(violations, [], `${unit.name}:\n${violations.join('\n')}`);
      });
    }
  });
}

const fixtureUnits = unitsOnDisk(path.join(REPO_ROOT, 'test', 'fixtures'));
const exampleUnits = unitsOnDisk(path.join(REPO_ROOT, 'examples'));

suite('fix properties: test fixtures', fixtureUnits);
suite('fix properties: examples', exampleUnits);
suite('fix properties: generated', generatedUnits());

describe('fix properties: the corpus is not vacuous', () => {
  it('covers the fixtures, the examples and fixes of the rules that have them', (t) => {
    assert.ok(fixtureUnits.length >= 20, `only ${fixtureUnits.length} fixture projects`);
    assert.ok(exampleUnits.length >= 5, `only ${exampleUnits.length} example projects`);
    assert.ok(seen.units >= fixtureUnits.length + exampleUnits.length + 160);
    assert.ok(seen.safeFixes >= 100, `only ${seen.safeFixes} safe fixes tried`);
    assert.ok(seen.fixes > seen.safeFixes, 'no fix that is not safe was tried');
    assert.ok(seen.fixAllChanged >= 50, `fix-all changed only ${seen.fixAllChanged} projects`);
    // Every engine rule has fixes (DESIGN.md's fix table); each must have been tried.
    for (const rule of RULES.map((r) => r.id)) {
      assert.ok(seen.rules.has(rule), `no fix of ${rule} was tried`);
    }
    assert.ok(seen.initElsewhere > 0, 'no init: true for a Dockerfile was tried');
    assert.ok(seen.droppedToInfo > 0, 'no Dockerfile missing-init dropped to info');
    t.diagnostic(
      `${seen.units} projects, ${seen.fixes} fixes tried (${seen.safeFixes} safe), ` +
        `fix-all changed ${seen.fixAllChanged}, init set in compose for a Dockerfile ` +
        `${seen.initElsewhere} times (${seen.droppedToInfo} dropped to info)`,
    );
  });
});
