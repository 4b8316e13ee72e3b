import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, checkNoFix, type FixCase, type NoFixCase } from './fix-table';
import { RULES } from '../../../src/core/rules';

// Each row: the input, the exact edits of the fix, the text after; checkFix then analyses the
// text after again (it parses, the finding is gone, no rule quiet before speaks up).
const cases: FixCase[] = [
  {
    name: 'exec form sh -c in a Dockerfile',
    rule: 'shell-without-exec',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["sh", "-c", "node migrate.js && node server.js"]\n',
    },
    edits: ['2:38-2:38 "exec "'],
    after: 'FROM node:20-slim\nCMD ["sh", "-c", "node migrate.js && exec node server.js"]\n',
    safe: true,
  },
  {
    name: 'sh -ec, with escaped quotes and non-ASCII before the last command',
    rule: 'shell-without-exec',
    files: {
      Dockerfile:
        'FROM node:20-slim\nCMD ["/bin/sh", "-ec", "echo \\"héllo\\" 日本; node server.js"]\n',
    },
    edits: ['2:44-2:44 "exec "'],
    after:
      'FROM node:20-slim\nCMD ["/bin/sh", "-ec", "echo \\"héllo\\" 日本; exec node server.js"]\n',
    safe: true,
  },
  {
    name: 'a JSON string written with escapes JSON.stringify would not use is written anew',
    rule: 'shell-without-exec',
    files: {
      Dockerfile:
        'FROM node:20-slim\nCMD ["sh", "-c", "node migrate.js \\u0026\\u0026 node server.js"]\n',
    },
    edits: ['2:18-2:63 "\\"node migrate.js && exec node server.js\\""'],
    after: 'FROM node:20-slim\nCMD ["sh", "-c", "node migrate.js && exec node server.js"]\n',
    safe: true,
  },
  {
    name: 'an ENTRYPOINT sh -c in a CRLF Dockerfile with # escape=`',
    rule: 'shell-without-exec',
    files: {
      Dockerfile:
        '# escape=`\r\nFROM node:20-slim\r\nENTRYPOINT ["sh", "-c", `\r\n  "node migrate.js || true; node server.js"]\r\n',
    },
    edits: ['4:29-4:29 "exec "'],
    after:
      '# escape=`\r\nFROM node:20-slim\r\nENTRYPOINT ["sh", "-c", `\r\n  "node migrate.js || true; exec node server.js"]\r\n',
    safe: true,
  },
  {
    name: 'sh -c written in shell form: exec goes inside its quotes',
    rule: 'shell-without-exec',
    files: {
      Dockerfile: "FROM node:20-slim\nCMD sh -c 'node migrate.js && node server.js'\n",
    },
    edits: ['2:31-2:31 "exec "'],
    after: "FROM node:20-slim\nCMD sh -c 'node migrate.js && exec node server.js'\n",
    safe: true,
  },
  {
    name: 'a compose string command',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command: sh -c "node migrate.js && node server.js"\n',
    },
    edits: ['5:40-5:40 "exec "'],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    command: sh -c "node migrate.js && exec node server.js"\n',
    safe: true,
  },
  {
    name: 'a compose list, plain item',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - node migrate.js && node server.js\n',
    },
    edits: ['8:28-8:28 "exec "'],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - node migrate.js && exec node server.js\n',
    safe: true,
  },
  {
    name: 'a compose list, single-quoted item with a quote inside, CRLF',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        "services:\r\n  api:\r\n    image: node:20-slim\r\n    init: true\r\n    command:\r\n      - sh\r\n      - -c\r\n      - 'echo ''hi''; node server.js'\r\n",
    },
    edits: ['8:23-8:23 "exec "'],
    after:
      "services:\r\n  api:\r\n    image: node:20-slim\r\n    init: true\r\n    command:\r\n      - sh\r\n      - -c\r\n      - 'echo ''hi''; exec node server.js'\r\n",
    safe: true,
  },
  {
    name: 'a compose flow list with a double-quoted item',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    entrypoint: ["sh", "-c", "node migrate.js && NODE_ENV=production node server.js"]\n',
    },
    edits: ['5:70-5:70 "exec "'],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    entrypoint: ["sh", "-c", "node migrate.js && NODE_ENV=production exec node server.js"]\n',
    safe: true,
  },
  {
    name: 'a compose literal block scalar, with a blank line inside',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - |\n        node migrate.js\n\n        node server.js --port 3000\n',
    },
    edits: ['11:9-11:9 "exec "'],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - |\n        node migrate.js\n\n        exec node server.js --port 3000\n',
    safe: true,
  },
  {
    name: 'a compose |- block scalar followed by another key',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - |-\n          node migrate.js\n          node server.js\n    ports: ["3000:3000"]\n',
    },
    edits: ['10:11-10:11 "exec "'],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - |-\n          node migrate.js\n          exec node server.js\n    ports: ["3000:3000"]\n',
    safe: true,
  },
];

const noFix: NoFixCase[] = [
  {
    name: 'the last command in a pipeline',
    rule: 'shell-without-exec',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["sh", "-c", "node server.js | tee /tmp/log"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'the last command in a loop',
    rule: 'shell-without-exec',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["sh", "-c", "while true; do node server.js; done"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'the last command in a subshell',
    rule: 'shell-without-exec',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["sh", "-c", "(cd /app && node server.js)"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'a last command that returns at once',
    rule: 'shell-without-exec',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["sh", "-c", "node server.js & echo started"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'a compose folded block scalar',
    rule: 'shell-without-exec',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - sh\n      - -c\n      - >\n        node migrate.js &&\n        node server.js\n',
    },
    message: 'No automatic fix',
  },
];
describe('shell-without-exec fixes', () => {
  for (const c of cases) it(c.name, () => void checkFix(c));
  for (const c of noFix) it(`no fix: ${c.name}`, () => checkNoFix(c));

  it('the rule says its fixes are safe', () => {
    assert.equal(RULES.find((r) => r.id === 'shell-without-exec')?.fixable, 'safe');
  });
});
