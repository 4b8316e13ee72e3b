import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, checkNoFix, type FixCase, type NoFixCase } from './fix-table';
import { RULES } from '../../../src/core/rules';

// Each row: the input, the exact edits of the fix, the text after; checkFix then analyses the
// text after again (it parses, the finding is gone, no rule quiet before speaks up).
const cases: FixCase[] = [
  {
    name: 'single quotes become double quotes',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: "FROM node:20-slim\nCMD ['node', 'server.js']\n",
    },
    edits: ['2:6-2:12 "\\"node\\""', '2:14-2:25 "\\"server.js\\""'],
    after: 'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    safe: false,
  },
  {
    name: 'a trailing comma goes',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["node", "server.js",]\n',
    },
    edits: ['2:25-2:26 ""'],
    after: 'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    safe: false,
  },
  {
    name: 'single quotes and a trailing comma together',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD [\'node\', "server.js", ]\n',
    },
    edits: ['2:6-2:12 "\\"node\\""', '2:25-2:26 ""'],
    after: 'FROM node:20-slim\nCMD ["node", "server.js" ]\n',
    safe: false,
  },
  {
    name: 'CRLF line endings are kept',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: "FROM node:20-slim\r\nCMD ['node', 'server.js']\r\n",
    },
    edits: ['2:6-2:12 "\\"node\\""', '2:14-2:25 "\\"server.js\\""'],
    after: 'FROM node:20-slim\r\nCMD ["node", "server.js"]\r\n',
    safe: false,
  },
  {
    name: 'continued lines with a comment between them keep both',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: "FROM node:20-slim\nCMD ['node', \\\n# the script\n     'server.js',\\\n    ]\n",
    },
    edits: ['2:6-2:12 "\\"node\\""', '4:6-4:17 "\\"server.js\\""', '4:17-4:18 ""'],
    after: 'FROM node:20-slim\nCMD ["node", \\\n# the script\n     "server.js"\\\n    ]\n',
    safe: false,
  },
  {
    name: 'with # escape=` backslashes in single quotes stay backslashes',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: "# escape=`\nFROM node:20-slim\nCMD ['node', `\n    'C:\\app\\server.js']\n",
    },
    edits: ['3:6-3:12 "\\"node\\""', '4:5-4:23 "\\"C:\\\\\\\\app\\\\\\\\server.js\\""'],
    after: '# escape=`\nFROM node:20-slim\nCMD ["node", `\n    "C:\\\\app\\\\server.js"]\n',
    safe: false,
  },
  {
    name: 'double quotes and non-ASCII inside single quotes are escaped as JSON',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile:
        "FROM node:20-slim\nCMD ['node', 'server.js', '--greeting', 'say \"héllo\" 日本']\n",
    },
    edits: [
      '2:6-2:12 "\\"node\\""',
      '2:14-2:25 "\\"server.js\\""',
      '2:27-2:39 "\\"--greeting\\""',
      '2:41-2:57 "\\"say \\\\\\"héllo\\\\\\" 日本\\""',
    ],
    after: 'FROM node:20-slim\nCMD ["node", "server.js", "--greeting", "say \\"héllo\\" 日本"]\n',
    safe: false,
  },
  {
    name: 'a malformed ENTRYPOINT without CMD',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: "FROM node:20-slim\nENTRYPOINT ['node', 'server.js']\n",
    },
    edits: ['2:13-2:19 "\\"node\\""', '2:21-2:32 "\\"server.js\\""'],
    after: 'FROM node:20-slim\nENTRYPOINT ["node", "server.js"]\n',
    safe: false,
  },
];

const noFix: NoFixCase[] = [
  {
    name: 'a bare $VAR: the message shows the sh -c form',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["node", $APP]\n',
    },
    message: 'write CMD ["/bin/sh", "-c", "exec node $APP"]',
  },
  {
    name: 'a $VAR in single quotes would not expand in exec form either',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: "FROM node:20-slim\nCMD ['node', '$APP']\n",
    },
    message: 'write CMD ["/bin/sh", "-c", "exec node $APP"]',
  },
  {
    name: 'a bare $VAR in an ENTRYPOINT with CMD: the sh -c form passes CMD on',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: 'FROM node:20-slim\nENTRYPOINT ["node", $APP]\nCMD ["--port", "3000"]\n',
    },
    message: 'write ENTRYPOINT ["/bin/sh", "-c", "exec node $APP \\"$@\\"", "sh"]',
  },
  {
    name: 'typographic quotes are left to the user',
    rule: 'malformed-exec-form',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD [“node”, “server.js”]\n',
    },
    message: 'Rewrite it by hand',
  },
];
describe('malformed-exec-form fixes', () => {
  for (const c of cases) it(c.name, () => void checkFix(c));
  for (const c of noFix) it(`no fix: ${c.name}`, () => checkNoFix(c));

  it('the rule says its fixes are unsafe', () => {
    assert.equal(RULES.find((r) => r.id === 'malformed-exec-form')?.fixable, 'unsafe');
  });
});
