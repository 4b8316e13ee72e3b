/**
 * The injection grammar that highlights suppression comments: it is contributed to the editor,
 * its file exists, and it picks out the same rule ids that the analysis obeys.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { REPO_ROOT } from './helpers';

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: { suppression: { match: string } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};

describe('suppression comment grammar', () => {
  const entry = manifest.contributes.grammars.find((g) => g.scopeName === 'pid1.ignore.injection');

  it('is contributed for Dockerfiles, compose files and scripts, and its file exists', () => {
    assert.ok(entry, 'package.json contributes no pid1.ignore.injection grammar');
    assert.deepEqual(entry.injectTo, ['source.dockerfile', 'source.yaml', 'source.shell']);
    const grammar = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, entry.path), 'utf8'),
    ) as Grammar;
    assert.equal(grammar.scopeName, entry.scopeName);
  });

  it('highlights the rule ids that the analysis obeys', () => {
    assert.ok(entry);
    const grammar = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, entry.path), 'utf8'),
    ) as Grammar;
    const match = new RegExp(grammar.repository.suppression.match);
    const cases: [comment: string, rules: string[]][] = [
      ['# pid1-ignore shell-form', ['shell-form']],
      [
        '# pid1-ignore shell-form,missing-init -- migrations run first',
        ['shell-form', 'missing-init'],
      ],
      ['#pid1-ignore shell-form , missing-init', ['shell-form', 'missing-init']],
    ];
    for (const [comment, rules] of cases) {
      const m = comment.match(match);
      assert.ok(m, `the grammar does not match ${comment}`);
      assert.deepEqual(m[2].split(/\s*,\s*/), rules, comment);
      // The analysis drops exactly those findings when the comment is above the line.
      const text = `FROM node:20\n${comment}\nCMD node server.js\n`;
      const found = analyze({
        files: [{ path: '/v/Dockerfile', kind: 'dockerfile', text }],
        reader: { readFile: () => undefined },
      }).findings.map((f) => f.rule);
      for (const rule of rules) assert.ok(!found.includes(rule as never), `${rule} not suppressed`);
    }
  });
});
