/**
 * The rule ids are a public interface (settings, suppression comments, SARIF, docs): every rule
 * the engine runs must carry an id from DESIGN.md's rule table, once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../src/core/rules';
import { RULE_IDS } from '../../../src/core/types';
import { REPO_ROOT } from '../helpers';

/** DESIGN.md's rule table, in its order. */
const DESIGN_TABLE = [
  'shell-form',
  'malformed-exec-form',
  'cmd-ignored',
  'missing-init',
  'package-manager-pid1',
  'shell-without-exec',
  'script-without-exec',
  'shell-operators-without-shell',
  'init-not-pid1',
  'double-init',
  'init-installed-unused',
  'exit-code-143',
  'stop-signal',
];

/** The ids in the `| id | default | finds |` table of a DESIGN.md text. */
function tableIds(markdown: string): string[] {
  const start = markdown.indexOf('| id | default | finds |');
  assert.ok(start >= 0, 'DESIGN.md has its rule table');
  const ids: string[] = [];
  for (const line of markdown.slice(start).split('\n').slice(2)) {
    const m = /^\| ([a-z0-9-]+) \|/.exec(line);
    if (!m) break;
    ids.push(m[1]);
  }
  return ids;
}

describe('rule ids', () => {
  it('RULE_IDS is DESIGN.md table, in order', () => {
    assert.deepEqual([...RULE_IDS], DESIGN_TABLE);
  });

  it('every rule in RULES has an id from the table, once, in the table order', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of ids) assert.ok(DESIGN_TABLE.includes(id), `${id} is in DESIGN.md`);
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
    const order = ids.map((id) => DESIGN_TABLE.indexOf(id));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  it('matches the shared DESIGN.md when it is next to the checkout', (t) => {
    const design = path.join(REPO_ROOT, '..', 'shared', 'DESIGN.md');
    if (!fs.existsSync(design)) {
      t.skip('no ../shared/DESIGN.md next to this checkout');
      return;
    }
    assert.deepEqual(tableIds(fs.readFileSync(design, 'utf8')), DESIGN_TABLE);
  });

  it('gives every rule a default severity and a one-line description', () => {
    for (const rule of RULES) {
      assert.match(rule.defaultSeverity, /^(error|warning|info)$/);
      assert.ok(rule.description.length > 0 && !rule.description.includes('\n'), rule.id);
    }
  });
});
