import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, checkNoFix, type FixCase, type NoFixCase } from './fix-table';
import { analyseTexts } from '../helpers';

const FROM = 'FROM node:20-slim\n';

const cases: FixCase[] = [
  // A word that is literally an operator or a `$` expansion would become an exec-form element
  // that shell-operators-without-shell reads as shell syntax: exec is put in front instead.
  ...['"\\$HOME"', "'|' x", '\\; foo', "'a$b'", "'&&' x", "'${X}'"].map((arg): FixCase => ({
    name: `no exec form when a quoted word reads as shell syntax in it: node app.js ${arg}`,
    files: { Dockerfile: `${FROM}CMD node app.js ${arg}\n` },
    rule: 'shell-form',
    edits: ['2:5-2:5 "exec "'],
    after: `${FROM}CMD exec node app.js ${arg}\n`,
    safe: true,
  })),
  {
    name: 'one simple command becomes exec form, elements separated by ", "',
    files: { Dockerfile: `${FROM}CMD node server.js\n` },
    rule: 'shell-form',
    edits: ['2:5-2:19 "[\\"node\\", \\"server.js\\"]"'],
    after: `${FROM}CMD ["node", "server.js"]\n`,
    safe: true,
  },
  {
    name: 'the same command can get exec instead, offered as the second fix',
    files: { Dockerfile: `${FROM}CMD node server.js\n` },
    rule: 'shell-form',
    title: 'Add exec before node',
    edits: ['2:5-2:5 "exec "'],
    after: `${FROM}CMD exec node server.js\n`,
    safe: true,
  },
  {
    name: 'a list stays in shell form and its last command gets exec',
    files: { Dockerfile: `${FROM}CMD echo starting && node server.js\n` },
    rule: 'shell-form',
    edits: ['2:22-2:22 "exec "'],
    after: `${FROM}CMD echo starting && exec node server.js\n`,
    safe: true,
  },
  {
    name: 'after ; and ||, exec goes after the assignments of the last command',
    files: {
      Dockerfile: `${FROM}CMD ./migrate || true; NODE_ENV=production node server.js\n`,
    },
    rule: 'shell-form',
    title: 'Add exec before node',
    edits: ['2:44-2:44 "exec "'],
    after: `${FROM}CMD ./migrate || true; NODE_ENV=production exec node server.js\n`,
    safe: true,
  },
  {
    name: 'CRLF line endings are kept',
    files: { Dockerfile: 'FROM node:20-slim\r\nWORKDIR /app\r\nCMD node server.js\r\n' },
    rule: 'shell-form',
    edits: ['3:5-3:19 "[\\"node\\", \\"server.js\\"]"'],
    after: 'FROM node:20-slim\r\nWORKDIR /app\r\nCMD ["node", "server.js"]\r\n',
    safe: true,
  },
  {
    name: 'no final newline stays without one',
    files: { Dockerfile: `${FROM}CMD node server.js` },
    rule: 'shell-form',
    edits: ['2:5-2:19 "[\\"node\\", \\"server.js\\"]"'],
    after: `${FROM}CMD ["node", "server.js"]`,
    safe: true,
  },
  {
    name: 'continued lines with a comment between them keep both',
    files: {
      Dockerfile: `${FROM}CMD node \\\n# the port comes last\n    server.js --port 3000\n`,
    },
    rule: 'shell-form',
    edits: ['2:5-2:9 "[\\"node\\","', '4:5-4:26 "\\"server.js\\", \\"--port\\", \\"3000\\"]"'],
    after: `${FROM}CMD ["node", \\\n# the port comes last\n    "server.js", "--port", "3000"]\n`,
    safe: true,
  },
  {
    name: 'with # escape=` the backtick continues the line and backslashes are plain text',
    files: {
      Dockerfile: "# escape=`\nFROM node:20-slim\nCMD node `\n    'C:\\app\\server.js'\n",
    },
    rule: 'shell-form',
    edits: ['3:5-3:9 "[\\"node\\","', '4:5-4:23 "\\"C:\\\\\\\\app\\\\\\\\server.js\\"]"'],
    after: '# escape=`\nFROM node:20-slim\nCMD ["node", `\n    "C:\\\\app\\\\server.js"]\n',
    safe: true,
  },
  {
    name: 'quotes, backslashes and non-ASCII arguments are escaped as JSON',
    files: {
      Dockerfile: `${FROM}CMD node app.js --greeting 'héllo "wörld"' "C:\\\\tmp" 日本\n`,
    },
    rule: 'shell-form',
    edits: [
      '2:5-2:56 "[\\"node\\", \\"app.js\\", \\"--greeting\\", \\"héllo \\\\\\"wörld\\\\\\"\\", \\"C:\\\\\\\\tmp\\", \\"日本\\"]"',
    ],
    after: `${FROM}CMD ["node", "app.js", "--greeting", "héllo \\"wörld\\"", "C:\\\\tmp", "日本"]\n`,
    safe: true,
  },
  {
    name: 'a shell-form ENTRYPOINT with no CMD becomes exec form',
    files: { Dockerfile: `${FROM}ENTRYPOINT node server.js\n` },
    rule: 'shell-form',
    edits: ['2:12-2:26 "[\\"node\\", \\"server.js\\"]"'],
    after: `${FROM}ENTRYPOINT ["node", "server.js"]\n`,
    safe: true,
  },
  {
    name: 'a shell-form ENTRYPOINT with a CMD only gets exec: exec form would start passing CMD',
    files: { Dockerfile: `${FROM}ENTRYPOINT node server.js\nCMD --port 3000\n` },
    rule: 'shell-form',
    edits: ['2:12-2:12 "exec "'],
    after: `${FROM}ENTRYPOINT exec node server.js\nCMD --port 3000\n`,
    safe: true,
  },
  {
    name: 'a compose command: is a CMD too: the ENTRYPOINT only gets exec, offered as preferred',
    files: {
      'app/Dockerfile': `${FROM}ENTRYPOINT node server.js\n`,
      'compose.yaml': 'services:\n  web:\n    build: ./app\n    command: ["--port", "80"]\n',
    },
    rule: 'shell-form',
    edits: ['2:12-2:12 "exec "'],
    after: `${FROM}ENTRYPOINT exec node server.js\n`,
    safe: true,
  },
  {
    name: 'a redirection keeps shell form and gets exec',
    files: { Dockerfile: `${FROM}CMD node server.js > /var/log/app.log 2>&1\n` },
    rule: 'shell-form',
    edits: ['2:5-2:5 "exec "'],
    after: `${FROM}CMD exec node server.js > /var/log/app.log 2>&1\n`,
    safe: true,
  },
  {
    name: 'an expansion keeps shell form and gets exec',
    files: { Dockerfile: `${FROM}CMD node server.js --port $PORT\n` },
    rule: 'shell-form',
    edits: ['2:5-2:5 "exec "'],
    after: `${FROM}CMD exec node server.js --port $PORT\n`,
    safe: true,
  },
  {
    name: 'a trailing shell comment is not carried into exec form',
    files: { Dockerfile: `${FROM}CMD node server.js # start\n` },
    rule: 'shell-form',
    edits: ['2:5-2:5 "exec "'],
    after: `${FROM}CMD exec node server.js # start\n`,
    safe: true,
  },
  {
    name: 'a BusyBox image (info) gets the same fix',
    files: { Dockerfile: 'FROM node:20-alpine\nCMD node server.js\n' },
    rule: 'shell-form',
    edits: ['2:5-2:19 "[\\"node\\", \\"server.js\\"]"'],
    after: 'FROM node:20-alpine\nCMD ["node", "server.js"]\n',
    safe: true,
  },
];

const noFix: NoFixCase[] = [
  {
    name: 'no exec form for an ENTRYPOINT a compose service passes command: to (it would run)',
    files: {
      'app/Dockerfile': `${FROM}ENTRYPOINT node server.js\n`,
      'compose.yaml': 'services:\n  web:\n    build: ./app\n    command: ["--port", "80"]\n',
    },
    rule: 'shell-form',
    absent: 'Convert to exec form',
    message: 'Compose service web sets command:',
  },
  {
    name: 'an image without /bin/sh gets no exec, only exec form where it can',
    files: {
      Dockerfile: 'FROM gcr.io/distroless/base-debian12\nCMD node server.js --port $PORT\n',
    },
    rule: 'shell-form',
    message: 'this image has no /bin/sh',
  },
  {
    name: 'the last command in a pipeline',
    files: { Dockerfile: `${FROM}CMD node server.js | tee /tmp/log\n` },
    rule: 'shell-form',
    message: /pipeline/,
  },
  {
    name: 'the last command in a subshell',
    files: { Dockerfile: `${FROM}CMD (cd /app && node server.js)\n` },
    rule: 'shell-form',
    message: /subshell/,
  },
  {
    name: 'the last command in a loop',
    files: { Dockerfile: `${FROM}CMD while true; do node server.js; done\n` },
    rule: 'shell-form',
    message: /loop/,
  },
  {
    name: 'a last command that returns at once',
    files: { Dockerfile: `${FROM}CMD node server.js & echo started\n` },
    rule: 'shell-form',
    message: /No automatic fix/,
  },
  {
    name: 'a SHELL that is not a POSIX shell',
    files: {
      Dockerfile: `${FROM}SHELL ["pwsh", "-Command"]\nCMD node server.js\n`,
    },
    rule: 'shell-form',
  },
  {
    name: 'a word continued over two lines is not turned into exec form',
    files: { Dockerfile: `${FROM}CMD node ser\\\nver.js\n` },
    rule: 'shell-form',
    absent: 'Convert to exec form',
  },
];

describe('shell-form fixes', () => {
  for (const c of cases) it(c.name, () => void checkFix(c));
  for (const c of noFix) it(`no fix: ${c.name}`, () => checkNoFix(c));

  it('CMD exec node app.js already execs and gets no finding', () => {
    const { findings } = analyseTexts({ Dockerfile: `${FROM}CMD exec node app.js\n` });
    assert.deepEqual(
      findings.filter((f) => f.rule === 'shell-form'),
      [],
    );
  });

  it('the rule says it has safe fixes', async () => {
    const { shellForm } = await import('../../../src/core/rules/shell-form');
    assert.equal(shellForm.fixable, 'safe');
  });
});
