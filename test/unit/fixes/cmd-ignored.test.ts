import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, checkNoFix, type FixCase, type NoFixCase } from './fix-table';
import { RULES } from '../../../src/core/rules';

// Each row: the input, the exact edits of the fix, the text after; checkFix then analyses the
// text after again (it parses, the finding is gone, no rule quiet before speaks up).
const cases: FixCase[] = [
  {
    name: 'a shell-form ENTRYPOINT becomes exec form, so CMD is passed to it',
    rule: 'cmd-ignored',
    files: {
      Dockerfile: 'FROM node:20-slim\nENTRYPOINT node server.js\nCMD ["--port", "3000"]\n',
    },
    edits: ['2:12-2:26 "[\\"node\\", \\"server.js\\"]"'],
    after: 'FROM node:20-slim\nENTRYPOINT ["node", "server.js"]\nCMD ["--port", "3000"]\n',
    safe: false,
  },
  {
    name: 'continued lines with a comment between them keep both',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        'FROM node:20-slim\nENTRYPOINT node \\\n# the app\n    server.js\nCMD ["--port", "3000"]\n',
    },
    edits: ['2:12-2:16 "[\\"node\\","', '4:5-4:14 "\\"server.js\\"]"'],
    after:
      'FROM node:20-slim\nENTRYPOINT ["node", \\\n# the app\n    "server.js"]\nCMD ["--port", "3000"]\n',
    safe: false,
  },
  {
    name: '# escape=` and CRLF, and a leading exec dropped',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        '# escape=`\r\nFROM node:20-slim\r\nENTRYPOINT exec node `\r\n  server.js\r\nCMD ["--port", "3000"]\r\n',
    },
    edits: ['3:12-3:21 "[\\"node\\","', '4:3-4:12 "\\"server.js\\"]"'],
    after:
      '# escape=`\r\nFROM node:20-slim\r\nENTRYPOINT ["node", `\r\n  "server.js"]\r\nCMD ["--port", "3000"]\r\n',
    safe: false,
  },
  {
    name: 'quotes and non-ASCII in arguments',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        'FROM node:20-slim\nENTRYPOINT node server.js --name \'café "été"\' a\\\\b\nCMD ["--port", "3000"]\n',
    },
    edits: [
      '2:12-2:51 "[\\"node\\", \\"server.js\\", \\"--name\\", \\"café \\\\\\"été\\\\\\"\\", \\"a\\\\\\\\b\\"]"',
    ],
    after:
      'FROM node:20-slim\nENTRYPOINT ["node", "server.js", "--name", "café \\"été\\"", "a\\\\b"]\nCMD ["--port", "3000"]\n',
    safe: false,
  },
  {
    name: 'a malformed ENTRYPOINT is repaired',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        'FROM node:20-slim\nENTRYPOINT [\'node\', \'server.js\']\nCMD ["--port", "3000"]\n',
    },
    edits: ['2:13-2:19 "\\"node\\""', '2:21-2:32 "\\"server.js\\""'],
    after: 'FROM node:20-slim\nENTRYPOINT ["node", "server.js"]\nCMD ["--port", "3000"]\n',
    safe: false,
  },
  {
    name: 'an expansion keeps the shell and passes CMD with "$@"',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        'FROM node:20-slim\nENTRYPOINT node server.js --name "$NAME"\nCMD ["--port", "3000"]\n',
    },
    edits: [
      '2:12-2:41 "[\\"/bin/sh\\", \\"-c\\", \\"exec node server.js --name \\\\\\"$NAME\\\\\\" \\\\\\"$@\\\\\\"\\", \\"sh\\"]"',
    ],
    after:
      'FROM node:20-slim\nENTRYPOINT ["/bin/sh", "-c", "exec node server.js --name \\"$NAME\\" \\"$@\\"", "sh"]\nCMD ["--port", "3000"]\n',
    safe: false,
  },
  {
    name: 'a compose command ignored by the ENTRYPOINT it builds',
    rule: 'cmd-ignored',
    file: 'compose.yaml',
    files: {
      'compose.yaml': 'services:\n  web:\n    build: .\n    command: ["--port", "3000"]\n',
      Dockerfile: 'FROM node:20-slim\nENTRYPOINT node server.js\n',
    },
    editFile: 'Dockerfile',
    edits: ['2:12-2:26 "[\\"node\\", \\"server.js\\"]"'],
    after: 'FROM node:20-slim\nENTRYPOINT ["node", "server.js"]\n',
    safe: false,
  },
];

const noFix: NoFixCase[] = [
  {
    name: 'a pipeline',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        'FROM node:20-slim\nENTRYPOINT node server.js | tee /tmp/log\nCMD ["--port", "3000"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'a shell-form CMD, which would reach the app as /bin/sh -c words',
    rule: 'cmd-ignored',
    files: {
      Dockerfile: 'FROM node:20-slim\nENTRYPOINT node server.js\nCMD --port 3000\n',
    },
    message: 'a shell-form CMD too',
  },
  {
    name: 'an expansion over several lines',
    rule: 'cmd-ignored',
    files: {
      Dockerfile:
        'FROM node:20-slim\nENTRYPOINT node server.js \\\n  --name $NAME\nCMD ["--port", "3000"]\n',
    },
    message: 'No automatic fix',
  },
];
describe('cmd-ignored fixes', () => {
  for (const c of cases) it(c.name, () => void checkFix(c));
  for (const c of noFix) it(`no fix: ${c.name}`, () => checkNoFix(c));

  it('the rule says its fixes are unsafe', () => {
    assert.equal(RULES.find((r) => r.id === 'cmd-ignored')?.fixable, 'unsafe');
  });
});
