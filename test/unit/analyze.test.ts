import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
