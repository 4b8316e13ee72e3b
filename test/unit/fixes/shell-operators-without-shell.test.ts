import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, checkNoFix, type FixCase, type NoFixCase } from './fix-table';
import { RULES } from '../../../src/core/rules';

// Each row: the input, the exact edits of the fix, the text after; checkFix then analyses the
// text after again (it parses, the finding is gone, no rule quiet before speaks up).
const cases: FixCase[] = [
  {
    name: '&& in an exec-form CMD',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["node", "migrate.js", "&&", "node", "server.js"]\n',
    },
    edits: ['2:6-2:53 "\\"/bin/sh\\", \\"-c\\", \\"node migrate.js && exec node server.js\\""'],
    after: 'FROM node:20-slim\nCMD ["/bin/sh", "-c", "node migrate.js && exec node server.js"]\n',
    safe: false,
  },
  {
    name: 'a $VAR in an exec-form ENTRYPOINT: CMD still reaches it through "$@"',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile: 'FROM node:20-slim\nENTRYPOINT ["node", "$APP"]\nCMD ["--port", "3000"]\n',
    },
    edits: ['2:13-2:27 "\\"/bin/sh\\", \\"-c\\", \\"exec node $APP \\\\\\"$@\\\\\\"\\", \\"sh\\""'],
    after:
      'FROM node:20-slim\nENTRYPOINT ["/bin/sh", "-c", "exec node $APP \\"$@\\"", "sh"]\nCMD ["--port", "3000"]\n',
    safe: false,
  },
  {
    name: 'quotes, spaces and non-ASCII in elements are quoted for the shell',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile:
        'FROM node:20-slim\nCMD ["node", "migrate.js", "--note", "it\'s \\"é\\"", ";", "node", "server.js"]\n',
    },
    edits: [
      '2:6-2:76 "\\"/bin/sh\\", \\"-c\\", \\"node migrate.js --note \'it\'\\\\\\\\\'\'s \\\\\\"é\\\\\\"\' ; exec node server.js\\""',
    ],
    after:
      'FROM node:20-slim\nCMD ["/bin/sh", "-c", "node migrate.js --note \'it\'\\\\\'\'s \\"é\\"\' ; exec node server.js"]\n',
    safe: false,
  },
  {
    name: 'CRLF Dockerfile',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile:
        'FROM node:20-slim\r\nCMD ["node", "migrate.js", "||", "true", ";", "node", "server.js"]\r\n',
    },
    edits: [
      '2:6-2:66 "\\"/bin/sh\\", \\"-c\\", \\"node migrate.js || true ; exec node server.js\\""',
    ],
    after:
      'FROM node:20-slim\r\nCMD ["/bin/sh", "-c", "node migrate.js || true ; exec node server.js"]\r\n',
    safe: false,
  },
  {
    name: 'a compose string command dropped after &&',
    rule: 'shell-operators-without-shell',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command: node migrate.js && node server.js\n',
    },
    edits: ['5:14-5:47 "[\\"/bin/sh\\", \\"-c\\", \\"node migrate.js && exec node server.js\\"]"'],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    command: ["/bin/sh", "-c", "node migrate.js && exec node server.js"]\n',
    safe: false,
  },
  {
    name: 'a compose block list keeps its indentation',
    rule: 'shell-operators-without-shell',
    line: 8,
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - node\n      - migrate.js\n      - "&&"\n      - node\n      - server.js\n',
    },
    edits: [
      '6:7-10:18 "- /bin/sh\\n      - -c\\n      - \\"node migrate.js && exec node server.js\\""',
    ],
    after:
      'services:\n  api:\n    image: node:20-slim\n    init: true\n    command:\n      - /bin/sh\n      - -c\n      - "node migrate.js && exec node server.js"\n',
    safe: false,
  },
  {
    name: 'a compose flow list in a CRLF file',
    rule: 'shell-operators-without-shell',
    files: {
      'compose.yaml':
        'services:\r\n  api:\r\n    image: node:20-slim\r\n    init: true\r\n    command: ["node", "migrate.js", "&&", "node", "server.js"]\r\n',
    },
    edits: ['5:14-5:63 "[\\"/bin/sh\\", \\"-c\\", \\"node migrate.js && exec node server.js\\"]"'],
    after:
      'services:\r\n  api:\r\n    image: node:20-slim\r\n    init: true\r\n    command: ["/bin/sh", "-c", "node migrate.js && exec node server.js"]\r\n',
    safe: false,
  },
];

const noFix: NoFixCase[] = [
  {
    name: 'an image without /bin/sh (distroless)',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile:
        'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["migrate.js", "&&", "server.js"]\n',
    },
    message: 'this image has no /bin/sh',
  },
  {
    name: 'the last command in a pipeline',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["node", "server.js", "|", "tee", "/tmp/log"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'an exec-form array over several lines',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile:
        'FROM node:20-slim\nCMD ["node", "migrate.js", "&&", \\\n     "node", "server.js"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'a compose entrypoint under a command',
    rule: 'shell-operators-without-shell',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: node:20-slim\n    init: true\n    entrypoint: node migrate.js && node server.js\n    command: ["--port", "3000"]\n',
    },
    message: 'No automatic fix',
  },
  {
    name: 'a $VAR mixed with text the shell would read',
    rule: 'shell-operators-without-shell',
    files: {
      Dockerfile: 'FROM node:20-slim\nCMD ["node", "$APP --verbose"]\n',
    },
    message: 'No automatic fix',
  },
];
describe('shell-operators-without-shell fixes', () => {
  for (const c of cases) it(c.name, () => void checkFix(c));
  for (const c of noFix) it(`no fix: ${c.name}`, () => checkNoFix(c));

  it('the rule says its fixes are unsafe', () => {
    assert.equal(RULES.find((r) => r.id === 'shell-operators-without-shell')?.fixable, 'unsafe');
  });
});
