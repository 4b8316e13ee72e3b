/**
 * stop-signal fixes, table-driven: SIGTERM, or the app's documented graceful signal (nginx:
 * SIGQUIT), or the image's own STOPSIGNAL (postgres: SIGINT); compose keeps the quoting style.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyseFiles,
  checkFixCase,
  findingsOf,
  loadFixture,
  type FixCase,
} from './pid1-fix-table';

const cases: FixCase[] = [
  {
    name: 'STOPSIGNAL SIGKILL on an image with no graceful signal of its own: SIGTERM',
    fixture: 'stop-signal/sigkill',
    file: 'Dockerfile',
    title: 'Use SIGTERM as the stop signal',
    preferred: true,
    edits: ['Dockerfile 2:12-2:19 "SIGTERM"'],
    after: { Dockerfile: 'FROM node:20\nSTOPSIGNAL SIGTERM\nCMD ["node", "server.js"]\n' },
  },
  {
    name: 'STOPSIGNAL 9 under nginx: its graceful SIGQUIT',
    fixture: 'stop-signal/nginx',
    file: 'Dockerfile',
    title: 'Use SIGQUIT, the graceful stop signal of nginx',
    preferred: true,
    edits: ['Dockerfile 3:12-3:13 "SIGQUIT"'],
    after: { Dockerfile: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nSTOPSIGNAL SIGQUIT\n' },
  },
  {
    name: 'compose stop_signal that is no signal: SIGTERM, double quotes kept',
    fixture: 'stop-signal/compose-unknown',
    file: 'compose.yaml',
    title: 'Use SIGTERM as the stop signal',
    preferred: true,
    edits: ['compose.yaml 5:18-5:26 "\\"SIGTERM\\""'],
    after: {
      'compose.yaml':
        'services:\n  web:\n    image: node:20\n    init: true\n    stop_signal: "SIGTERM"\n',
    },
  },
  {
    name: "compose KILL on postgres: the image's own SIGINT, single quotes and comment kept",
    fixture: 'stop-signal/compose-postgres',
    file: 'compose.yaml',
    title: 'Use SIGINT, the stop signal of postgres:16',
    preferred: true,
    edits: ['compose.yaml 5:18-5:24 "\'SIGINT\'"'],
    after: {
      'compose.yaml':
        "services:\n  db:\n    image: postgres:16\n    init: true\n    stop_signal: 'SIGINT' # fast\n",
    },
  },
];

describe('stop-signal fixes', () => {
  for (const c of cases) it(c.name, () => checkFixCase('stop-signal', c));
});

describe('stop-signal: near misses', () => {
  it('a STOPSIGNAL variable is decided at build time: no finding, so no fix', () => {
    const result = analyseFiles(loadFixture('stop-signal/variable'));
    assert.deepEqual(findingsOf(result, 'stop-signal'), []);
  });

  it('a signal the app can handle (SIGINT) is left alone', () => {
    const result = analyseFiles(loadFixture('stop-signal/fine'));
    assert.deepEqual(findingsOf(result, 'stop-signal'), []);
  });
});
