import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/core';
import { analyseTexts } from './helpers';

describe('# pid1-ignore-file and heredocs', () => {
  const heredoc = [
    'FROM node:20',
    'RUN <<EOF',
    '# pid1-ignore-file missing-init',
    'echo hi',
    'EOF',
    'CMD ["node", "app.js"]',
    '',
  ].join('\n');

  it('a marker inside a RUN heredoc body is script text, not a suppression', () => {
    const result = analyseTexts({ Dockerfile: heredoc });
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['missing-init'],
    );
  });

  it('the same marker as a Dockerfile comment suppresses', () => {
    const text = heredoc.replace('RUN <<EOF\n# pid1-ignore-file missing-init\n', 'RUN <<EOF\n');
    const commented = `# pid1-ignore-file missing-init\n${text}`;
    assert.deepEqual(analyseTexts({ Dockerfile: commented }).findings, []);
  });

  it('a comment line after the heredoc terminator still suppresses', () => {
    const text = heredoc
      .replace('EOF\nCMD', 'EOF\n# pid1-ignore-file missing-init\nCMD')
      .replace('RUN <<EOF\n# pid1-ignore-file missing-init\n', 'RUN <<EOF\n');
    assert.deepEqual(analyseTexts({ Dockerfile: text }).findings, []);
  });
});

describe('suppression comments that do nothing are reported', () => {
  const problemsFor = (comment: string) =>
    analyseTexts({ Dockerfile: `FROM node:20\n${comment}\nCMD node app.js\n` }).problems.map(
      (p) => `${p.range.start.line + 1} ${p.message}`,
    );

  it('names a rule id that does not exist', () => {
    assert.deepEqual(problemsFor('# pid1-ignore shellform'), [
      '2 pid1-ignore: "shellform" is not a rule id, so it suppresses nothing (the ids are listed in docs/rules).',
    ]);
  });

  it('says when no rule is named', () => {
    assert.deepEqual(problemsFor('# pid1-ignore -- flaky'), [
      '2 pid1-ignore names no rule, so it suppresses nothing.',
    ]);
  });

  it('is quiet for valid ids, with or without a reason', () => {
    assert.deepEqual(problemsFor('# pid1-ignore shell-form, missing-init -- migrations first'), []);
    assert.deepEqual(problemsFor('# pid1-ignore-file stop-signal'), []);
  });
});

describe('.pid1-doctor.json', () => {
  it('rejects a key other than "rules", and a top level that is not an object', () => {
    assert.deepEqual(parseConfig('{"rule": {"shell-form": "off"}}').errors, [
      'unknown key "rule" (the settings go under "rules")',
    ]);
    assert.deepEqual(parseConfig('{"$schema": "x", "rules": {"shell-form": "off"}}').errors, []);
    assert.match(parseConfig('[]').errors[0], /must be a JSON object .* not an array/);
    assert.match(parseConfig('null').errors[0], /not null/);
  });
});

describe('compose string commands compose refuses', () => {
  it('reports an open quote on the command, and nothing for a well-formed one', () => {
    const problems = (command: string) =>
      analyseTexts({
        'compose.yaml': `services:\n  web:\n    image: node:20\n    command: ${command}\n`,
      }).problems.map((p) => `${p.range.start.line + 1} ${p.message}`);
    assert.deepEqual(problems(`node "app.js`), [
      '4 Compose cannot split the command of service "web" into words (invalid command line string), so docker compose refuses to load this file.',
    ]);
    assert.deepEqual(problems(`node "app.js"`), []);
  });
});
