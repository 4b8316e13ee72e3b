/**
 * Fix-all over fixture folders, the way `check --fix` runs it: pick one fix per finding, apply,
 * analyse again, until nothing is left to apply. Each folder's `input/` must end up as its
 * `expected/`, and running once more must change nothing. Only the rules of these fixtures are
 * fixed, so the expected files do not depend on the other rules' fixes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFileEdits, selectFixes } from '../../../src/core/fixes/apply';
import type { RuleId } from '../../../src/core/types';
import { analyseTexts, FIXTURES } from '../helpers';

function readFolder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir))
    files[name] = fs.readFileSync(path.join(dir, name), 'utf8');
  return files;
}

function fixAll(
  files: Record<string, string>,
  rules: readonly RuleId[],
  unsafe: boolean,
): { files: Record<string, string>; passes: number } {
  let current = { ...files };
  for (let pass = 0; pass < 5; pass++) {
    const { findings } = analyseTexts(current);
    const selection = selectFixes(
      findings.filter((f) => rules.includes(f.rule)),
      { unsafe },
    );
    if (selection.chosen.length === 0) return { files: current, passes: pass };
    const next = { ...current };
    for (const [file, edits] of selection.edits) {
      const name = file.replace(/^\/virtual\//, '');
      next[name] = applyFileEdits(next[name], edits);
    }
    current = next;
  }
  assert.fail('fix-all did not settle in 5 passes');
}

const cases: { folder: string; rules: RuleId[]; unsafe: boolean }[] = [
  { folder: 'shell-form', rules: ['shell-form'], unsafe: false },
  { folder: 'shell-without-exec', rules: ['shell-without-exec'], unsafe: false },
  {
    folder: 'shell-operators-without-shell',
    rules: ['shell-operators-without-shell'],
    unsafe: true,
  },
];

describe('fix-all with the command fixes', () => {
  for (const c of cases) {
    it(`${c.folder}: input becomes expected, and a second run changes nothing`, () => {
      const dir = path.join(FIXTURES, 'fixes', c.folder);
      const input = readFolder(path.join(dir, 'input'));
      const expected = readFolder(path.join(dir, 'expected'));
      const once = fixAll(input, c.rules, c.unsafe);
      assert.ok(once.passes > 0, 'something was fixed');
      assert.deepEqual(once.files, expected);
      const twice = fixAll(once.files, c.rules, c.unsafe);
      assert.equal(twice.passes, 0);
      const left = analyseTexts(once.files).findings.filter((f) => c.rules.includes(f.rule));
      assert.deepEqual(
        left.map((f) => f.message),
        [],
      );
    });
  }

  it('without --unsafe-fixes the shell-operators fix is not applied', () => {
    const dir = path.join(FIXTURES, 'fixes', 'shell-operators-without-shell', 'input');
    const input = readFolder(dir);
    assert.deepEqual(fixAll(input, ['shell-operators-without-shell'], false).files, input);
  });
});
