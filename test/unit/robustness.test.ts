/**
 * Input built to exhaust the analysis (deep shell nesting, merge keys that double at each
 * level, a host reader that throws): analyze() must return, report the trouble under the file
 * it comes from, and keep every other file's findings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type AnalysisResult } from '../../src/core';
import { parseCompose } from '../../src/core/parse/compose';
import { SHELL_TOO_COMPLEX, analyzeShell } from '../../src/core/parse/shell';
import { analyseTexts } from './helpers';

/** A Dockerfile that is fine apart from having no init: missing-init fires on it. */
const PLAIN = 'FROM node:20\nCMD ["node", "app.js"]\n';

function rulesAt(result: AnalysisResult, path: string): string[] {
  return result.findings.filter((f) => f.path === path).map((f) => f.rule);
}

function problemsAt(result: AnalysisResult, path: string): string[] {
  return result.problems.filter((p) => p.path === path).map((p) => p.message);
}

/** The report's generator: each mapping merges the previous one twice, `n` levels deep. */
function doublingMerges(n: number): string {
  const lines = ['x-m0: &m0 {a: 1}'];
  for (let i = 1; i <= n; i++)
    lines.push(`x-m${i}: &m${i}\n  <<: [*m${i - 1}, *m${i - 1}]\n  k${i}: 1`);
  lines.push(`services:\n  web:\n    <<: *m${n}\n    image: node:20\n    command: ["node","a.js"]`);
  return lines.join('\n') + '\n';
}

describe('shell text too deep for the parser', () => {
  const cases: [string, string][] = [
    ['520 && in a CMD', `CMD a${' && a'.repeat(520)}`],
    ['1000 pipes in a CMD', `CMD a${' | a'.repeat(1000)}`],
    ['400 nested $( in a CMD', `CMD echo ${'$('.repeat(400)}x${')'.repeat(400)}`],
  ];
  for (const [name, cmd] of cases) {
    it(`${name}: reported on that Dockerfile, the other file keeps its findings`, () => {
      const result = analyseTexts({
        'bad/Dockerfile': `FROM node:20\n${cmd}\n`,
        'good/Dockerfile': PLAIN,
      });
      assert.deepEqual(rulesAt(result, '/virtual/good/Dockerfile'), ['missing-init']);
      const problems = problemsAt(result, '/virtual/bad/Dockerfile');
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /nests too deeply or chains too many commands/);
      assert.deepEqual(problemsAt(result, '/virtual/good/Dockerfile'), []);
      // shell-form says the text could not be analysed, and offers no rewrite of it.
      const shellForm = result.findings.find(
        (f) => f.rule === 'shell-form' && f.path === '/virtual/bad/Dockerfile',
      );
      assert.ok(shellForm, 'no shell-form finding');
      assert.match(shellForm.message, /too long or nested too deeply to analyse/);
      assert.deepEqual(shellForm.fixes, []);
    });
  }

  it('a RUN line with 600 && no longer costs the final stage its missing-init finding', () => {
    const result = analyseTexts({
      Dockerfile: `FROM node:20\nRUN a${' && a'.repeat(600)}\nCMD ["node", "app.js"]\n`,
    });
    assert.ok(rulesAt(result, '/virtual/Dockerfile').includes('missing-init'));
    assert.ok(
      result.problems.every((p) => !p.message.startsWith('Rule ')),
      result.problems.map((p) => p.message).join('\n'),
    );
  });

  it('an entrypoint script of 600 continued lines is reported under the Dockerfile', () => {
    const script = `#!/bin/sh\n${'test -d /x && \\\n'.repeat(600)}true\nexec "$@"\n`;
    const result = analyseTexts({
      'app/entrypoint.sh': script,
      'app/Dockerfile':
        'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["node", "app.js"]\n',
      'other/Dockerfile': PLAIN,
    });
    const problems = problemsAt(result, '/virtual/app/Dockerfile');
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /entrypoint\.sh: the text nests too deeply/);
    assert.deepEqual(rulesAt(result, '/virtual/other/Dockerfile'), ['missing-init']);
  });

  it('analyzeShell returns the limit as an error instead of throwing', () => {
    const analysis = analyzeShell(`a${' && a'.repeat(2000)}`);
    assert.ok(analysis.error?.message.startsWith(SHELL_TOO_COMPLEX), analysis.error?.message);
    assert.deepEqual(analysis.commands, []);
  });

  it('the limits are checked before parsing, the same every time', () => {
    const over = analyzeShell(`a${' && a'.repeat(401)}`);
    assert.match(over.error?.message ?? '', /401 &&, \|\| or \| operators, more than 400/);
    const under = analyzeShell(`a${' && a'.repeat(398)} && exec node app.js`);
    assert.equal(under.error, undefined);
    assert.equal(under.last?.command.isExec, true);
    const long = analyzeShell(`echo ${'x'.repeat(64 * 1024)}`);
    assert.match(long.error?.message ?? '', /characters, more than 65536/);
    const nested = analyzeShell(`echo ${'$('.repeat(101)}x${')'.repeat(101)}`);
    assert.match(nested.error?.message ?? '', /101 substitutions or subshells/);
  });

  it('a long chain the parser can take is still analysed, with no error', () => {
    const analysis = analyzeShell(`a${' && a'.repeat(50)} && exec node app.js`);
    assert.equal(analysis.error, undefined);
    assert.equal(analysis.last?.command.isExec, true);
  });
});

describe('a failure inside one file does not lose the others', () => {
  it('a reader that throws for the Dockerfile a compose service builds', () => {
    const files = new Map([
      ['/virtual/compose.yaml', 'services:\n  api:\n    build: ./api\n'],
      ['/virtual/good/Dockerfile', PLAIN],
    ]);
    const result = analyze({
      files: [
        {
          path: '/virtual/compose.yaml',
          text: files.get('/virtual/compose.yaml')!,
          kind: 'compose',
        },
        { path: '/virtual/good/Dockerfile', text: PLAIN, kind: 'dockerfile' },
      ],
      reader: {
        readFile(path) {
          if (path === '/virtual/api/Dockerfile') throw new Error('EIO: i/o error, read');
          return files.get(path);
        },
      },
    });
    assert.deepEqual(rulesAt(result, '/virtual/good/Dockerfile'), ['missing-init']);
    const problems = result.problems.filter((p) => p.path === '/virtual/compose.yaml');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /service api .*EIO: i\/o error/);
    // Reported at the service's key, where the user can see which launch it is.
    assert.deepEqual(problems[0].range.start, { line: 1, character: 2 });
  });
});

describe('compose merge keys that double at each level', () => {
  it('n = 24 completes with every merged key and the service findings', () => {
    const model = parseCompose('/p/compose.yaml', doublingMerges(24));
    const web = model.services.find((s) => s.name === 'web');
    assert.equal(web?.image?.value, 'node:20');
    assert.equal(web?.extendsFrom, 'm24');
    assert.deepEqual(model.problems, []);
    const result = analyseTexts({ 'compose.yaml': doublingMerges(24) });
    assert.deepEqual(rulesAt(result, '/virtual/compose.yaml'), ['missing-init']);
  });

  it('a merged key deep in the chain still reaches the service', () => {
    const text = doublingMerges(24).replace('x-m0: &m0 {a: 1}', 'x-m0: &m0 {init: true}');
    const web = parseCompose('/p/compose.yaml', text).services[0];
    assert.equal(web.init?.value, true);
    assert.deepEqual(rulesAt(analyseTexts({ 'compose.yaml': text }), '/virtual/compose.yaml'), []);
  });

  it('past the budget of merged keys, the merges stop and a problem says so', () => {
    const big = Array.from({ length: 500 }, (_, i) => `k${i}: 1`).join(', ');
    const lines = [`x-big: &big {${big}}`];
    lines.push('services:\n  web:\n    image: node:20\n    command: ["node", "a.js"]');
    for (let i = 0; i < 300; i++) lines.push(`  s${i}: {<<: *big, image: node:20}`);
    const model = parseCompose('/p/compose.yaml', lines.join('\n') + '\n');
    assert.equal(model.problems.length, 1);
    assert.match(model.problems[0].message, /copy more than 100000 keys/);
    assert.equal(model.services.length, 301);
    assert.ok(model.services.every((s) => s.image?.value === 'node:20'));
  });

  it('a mapping that merges itself is reported, not followed', () => {
    const text = 'x-a: &a\n  k: 1\n  <<: *a\nservices:\n  web:\n    <<: *a\n    image: node:20\n';
    const model = parseCompose('/p/compose.yaml', text);
    assert.equal(model.services[0].image?.value, 'node:20');
    assert.ok(model.problems.some((p) => /refer to themselves/.test(p.message)));
  });
});
