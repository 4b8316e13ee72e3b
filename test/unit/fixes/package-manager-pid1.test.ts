/**
 * package-manager-pid1 fixes, table-driven: the package script's one simple command replaces the
 * package manager where it is written (exec form, shell form, compose list or string), read from
 * the package.json of the build context; otherwise no rewrite, and the message says what the
 * script runs and why.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixCase, nearMiss, type FixCase } from './pid1-fix-table';

const cases: FixCase[] = [
  {
    name: 'exec-form CMD, the separator style kept',
    fixture: 'package-manager-pid1/exec-cmd',
    file: 'Dockerfile',
    title: 'Run node server.js directly',
    preferred: true,
    edits: ['Dockerfile 4:6-4:19 "\\"node\\",\\"server.js\\""'],
    after: {
      Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node","server.js"]\n',
    },
  },
  {
    name: "no start script and a server.js: npm's default node server.js",
    fixture: 'package-manager-pid1/default-start',
    file: 'Dockerfile',
    title: 'Run node server.js directly',
    preferred: true,
    edits: ['Dockerfile 4:13-4:27 "\\"node\\", \\"server.js\\""'],
    after: {
      Dockerfile:
        'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json server.js ./\nENTRYPOINT ["node", "server.js"]\n',
    },
  },
  {
    name: 'shell-form CMD stays shell form, only the words change',
    fixture: 'package-manager-pid1/shell-form',
    file: 'Dockerfile',
    title: 'Run node --enable-source-maps dist/main.js directly',
    preferred: true,
    edits: ['Dockerfile 4:5-4:18 "node --enable-source-maps dist/main.js"'],
    after: {
      Dockerfile:
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD node --enable-source-maps dist/main.js\n',
    },
  },
  {
    name: 'compose block list: one element a line, at the list indentation',
    fixture: 'package-manager-pid1/compose-list',
    file: 'compose.yaml',
    title: 'Run node server.js directly',
    preferred: true,
    edits: ['compose.yaml 5:9-6:14 "node\\n      - server.js"'],
    after: {
      'compose.yaml':
        'services:\n  web:\n    build: .\n    command:\n      - node\n      - server.js\n    init: true\n',
    },
  },
  {
    name: 'compose string with arguments after --: they go to the command',
    fixture: 'package-manager-pid1/compose-string',
    file: 'compose.yaml',
    title: 'Run node server.js --port 8080 directly',
    preferred: true,
    edits: ['compose.yaml 5:14-5:42 "node server.js --port 8080"'],
    after: {
      'compose.yaml':
        'services:\n  web:\n    build: .\n    init: true\n    command: node server.js --port 8080\n',
    },
  },
];

describe('package-manager-pid1 fixes', () => {
  for (const c of cases) it(c.name, () => checkFixCase('package-manager-pid1', c));
});

describe('package-manager-pid1: near misses, no rewrite, the message says why', () => {
  const misses: { fixture: string; reason: RegExp }[] = [
    {
      fixture: 'package-manager-pid1/not-simple',
      reason:
        /the "start" script runs "node migrate\.js && node server\.js", which is not one simple command/,
    },
    {
      fixture: 'package-manager-pid1/local-bin',
      reason:
        /runs "next start", but next would be looked up on PATH, and the package manager adds node_modules\/\.bin/,
    },
    {
      fixture: 'package-manager-pid1/prestart',
      reason: /runs "node server\.js", and npm also runs prestart/,
    },
    {
      fixture: 'package-manager-pid1/npm-options',
      reason: /npm's other arguments would be lost/,
    },
    {
      fixture: 'package-manager-pid1/no-package',
      reason:
        /no COPY from the build context puts a package\.json at \/app\/package\.json, where npm reads the "start" script, and the build context has none at its root/,
    },
  ];
  it('package-manager-pid1/compose-dropped: the words compose drops are not thrown away', () => {
    const f = nearMiss(
      'package-manager-pid1/compose-dropped',
      'package-manager-pid1',
      'compose.yaml',
    );
    assert.ok(f, 'the finding is there');
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /compose drops the rest of the command string from && on/);
  });

  for (const m of misses) {
    it(m.fixture, () => {
      const f = nearMiss(m.fixture, 'package-manager-pid1', 'Dockerfile');
      assert.ok(f, 'the finding is there');
      assert.deepEqual(f.fixes, []);
      assert.match(f.message, /No rewrite is offered: /);
      assert.match(f.message, m.reason);
    });
  }
});
