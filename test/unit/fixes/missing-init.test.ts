/**
 * missing-init fixes, table-driven: for each fixture the exact edits, the text after, and what
 * the analysis of the fixed files says (the finding gone, or down to info for compose init: true
 * on every service that builds the Dockerfile; no rule reporting anything new).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll } from '../../../src/core/fixes/fix-all';
import {
  analyseFiles,
  checkFixCase,
  findingsOf,
  loadFixture,
  nearMiss,
  ROOT,
  type FixCase,
} from './pid1-fix-table';

const APT_TINI =
  'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*';
const APT_DUMB =
  'RUN apt-get update && apt-get install -y --no-install-recommends dumb-init && rm -rf /var/lib/apt/lists/*';

const cases: FixCase[] = [
  {
    name: 'apt image: tini installed after FROM, in front of the base image entrypoint',
    fixture: 'missing-init/node-apt',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: [
      `Dockerfile 1:27-1:27 ${JSON.stringify(`\n${APT_TINI}`)}`,
      'Dockerfile 4:1-4:1 "ENTRYPOINT [\\"/usr/bin/tini\\", \\"--\\", \\"docker-entrypoint.sh\\"]\\n"',
    ],
    after: {
      Dockerfile: `FROM node:20-bookworm-slim\n${APT_TINI}\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
    },
  },
  {
    name: 'apt image: dumb-init, the other action',
    fixture: 'missing-init/node-apt',
    file: 'Dockerfile',
    title: 'Add dumb-init as init',
    edits: [
      `Dockerfile 1:27-1:27 ${JSON.stringify(`\n${APT_DUMB}`)}`,
      'Dockerfile 4:1-4:1 "ENTRYPOINT [\\"/usr/bin/dumb-init\\", \\"--\\", \\"docker-entrypoint.sh\\"]\\n"',
    ],
    after: {
      Dockerfile: `FROM node:20-bookworm-slim\n${APT_DUMB}\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/usr/bin/dumb-init", "--", "docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
    },
  },
  {
    name: 'CRLF file stays CRLF; the comment above CMD stays right above it',
    fixture: 'missing-init/crlf',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: [
      `Dockerfile 1:27-1:27 ${JSON.stringify(`\r\n${APT_TINI}`)}`,
      'Dockerfile 3:1-3:1 "ENTRYPOINT [\\"/usr/bin/tini\\", \\"--\\", \\"docker-entrypoint.sh\\"]\\r\\n"',
    ],
    after: {
      Dockerfile: `FROM node:20-bookworm-slim\r\n${APT_TINI}\r\nWORKDIR /app\r\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\r\n# start the server\r\nCMD ["node", "server.js"]\r\n`,
    },
  },
  {
    name: 'inherited non-root USER: the install runs as root, then the user is restored; the written ENTRYPOINT keeps its spacing; no final newline stays so',
    fixture: 'missing-init/user-inherited',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: [
      'Dockerfile 5:10-5:10 "\\nUSER root\\nRUN apk add --no-cache tini\\nUSER node"',
      'Dockerfile 7:13-7:13 "\\"/sbin/tini\\",\\"--\\","',
    ],
    after: {
      Dockerfile:
        'FROM node:20-alpine AS base\nUSER node\nWORKDIR /home/node/app\n\nFROM base\nUSER root\nRUN apk add --no-cache tini\nUSER node\nCOPY --chown=node . .\nENTRYPOINT ["/sbin/tini","--","node","server.js"]',
    },
  },
  {
    name: 'npm as the child: tini -g, so the app behind npm gets the signal',
    fixture: 'missing-init/npm-start',
    file: 'Dockerfile',
    title: 'Add tini -g as init',
    preferred: true,
    edits: [
      'Dockerfile 1:20-1:20 "\\nRUN apk add --no-cache tini"',
      'Dockerfile 4:1-4:1 "ENTRYPOINT [\\"/sbin/tini\\", \\"-g\\", \\"--\\", \\"docker-entrypoint.sh\\"]\\n"',
    ],
    after: {
      Dockerfile:
        'FROM node:20-alpine\nRUN apk add --no-cache tini\nWORKDIR /app\nCOPY package.json server.js ./\nENTRYPOINT ["/sbin/tini", "-g", "--", "docker-entrypoint.sh"]\nCMD ["npm", "start"]\n',
    },
  },
  {
    name: 'JVM: tini -e 143, behind it the image entrypoint and the CMD',
    fixture: 'missing-init/jvm',
    file: 'Dockerfile',
    title: 'Add tini -e 143 as init',
    preferred: true,
    edits: [
      `Dockerfile 1:28-1:28 ${JSON.stringify(`\n${APT_TINI}`)}`,
      'Dockerfile 3:1-3:1 "ENTRYPOINT [\\"/usr/bin/tini\\", \\"-e\\", \\"143\\", \\"--\\", \\"/__cacert_entrypoint.sh\\"]\\n"',
    ],
    after: {
      Dockerfile: `FROM eclipse-temurin:21-jre\n${APT_TINI}\nCOPY app.jar /app.jar\nENTRYPOINT ["/usr/bin/tini", "-e", "143", "--", "/__cacert_entrypoint.sh"]\nCMD ["java", "-jar", "/app.jar"]\n`,
    },
  },
  {
    name: 'distroless: a static tini from a new stage on the build stage image, above the comment of the final stage',
    fixture: 'missing-init/distroless',
    file: 'Dockerfile',
    title: 'Add tini as init, copied from a build stage',
    preferred: true,
    edits: [
      `Dockerfile 6:1-6:1 ${JSON.stringify(`FROM node:20-bookworm AS tini\n${APT_TINI}\n\n`)}`,
      'Dockerfile 7:41-7:41 "\\nCOPY --from=tini /usr/bin/tini-static /tini"',
      'Dockerfile 10:1-10:1 "ENTRYPOINT [\\"/tini\\", \\"--\\", \\"/nodejs/bin/node\\"]\\n"',
    ],
    after: {
      Dockerfile: `FROM node:20-bookworm AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n\nFROM node:20-bookworm AS tini\n${APT_TINI}\n\n# runtime: no shell, no package manager\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=tini /usr/bin/tini-static /tini\nCOPY --from=build /app /app\nWORKDIR /app\nENTRYPOINT ["/tini", "--", "/nodejs/bin/node"]\nCMD ["server.js"]\n`,
    },
  },
  {
    name: 'a shell that does not exec below: plain dumb-init would race, so --single-child',
    fixture: 'missing-init/shell-dash',
    file: 'Dockerfile',
    title: 'Add dumb-init --single-child as init',
    edits: [
      `Dockerfile 1:18-1:18 ${JSON.stringify(`\n${APT_DUMB}`)}`,
      'Dockerfile 4:1-4:1 "ENTRYPOINT [\\"/usr/bin/dumb-init\\", \\"--single-child\\", \\"--\\", \\"docker-entrypoint.sh\\"]\\n"',
    ],
    after: {
      Dockerfile: `FROM node:20-slim\n${APT_DUMB}\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/usr/bin/dumb-init", "--single-child", "--", "docker-entrypoint.sh"]\nCMD node server.js\n`,
    },
  },
  {
    name: 'ENTRYPOINT and CMD inherited from an earlier stage: both written again after the new ENTRYPOINT',
    fixture: 'missing-init/inherited-cmd',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: [
      'Dockerfile 6:10-6:10 "\\nRUN apk add --no-cache tini"',
      'Dockerfile 7:9-7:9 "\\nENTRYPOINT [\\"/sbin/tini\\", \\"--\\", \\"node\\"]\\nCMD [\\"server.js\\"]"',
    ],
    after: {
      Dockerfile:
        'FROM node:20-alpine AS base\nWORKDIR /app\nENTRYPOINT ["node"]\nCMD ["server.js"]\n\nFROM base\nRUN apk add --no-cache tini\nCOPY . .\nENTRYPOINT ["/sbin/tini", "--", "node"]\nCMD ["server.js"]\n',
    },
  },
  {
    name: 'tini already installed by a RUN line: only the ENTRYPOINT changes, its continuation lines kept',
    fixture: 'missing-init/tini-installed',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: ['Dockerfile 5:3-5:3 "\\"/sbin/tini\\", \\"--\\", "'],
    after: {
      Dockerfile:
        'FROM python:3.12-alpine\nRUN apk add --no-cache tini curl\nCOPY app.py /app.py\nENTRYPOINT [ \\\n  "/sbin/tini", "--", "python", \\\n  "/app.py" \\\n]\n',
    },
  },
  {
    name: 'Fedora: dnf, and an ENTRYPOINT of its own above the CMD (the image has none)',
    fixture: 'missing-init/fedora',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: [
      'Dockerfile 1:15-1:15 "\\nRUN dnf install -y tini && dnf clean all"',
      'Dockerfile 4:1-4:1 "ENTRYPOINT [\\"/usr/bin/tini\\", \\"--\\"]\\n"',
    ],
    after: {
      Dockerfile:
        'FROM fedora:41\nRUN dnf install -y tini && dnf clean all\nRUN dnf install -y nodejs && dnf clean all\nCOPY server.js /srv/server.js\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["node", "/srv/server.js"]\n',
    },
  },
  {
    name: 'a compose service that targets a stage: init: true there, and that stage is fixed',
    fixture: 'missing-init/compose-target',
    file: 'Dockerfile',
    line: 4,
    title: 'Add init: true to the service',
    preferred: true,
    edits: ['compose.yaml 6:1-6:1 "    init: true\\n"'],
    after: {
      'compose.yaml':
        'services:\n  dev:\n    build:\n      context: .\n      target: dev\n    init: true\n    volumes:\n      - .:/app\n',
    },
  },
  {
    name: 'a suppression comment above CMD stays on the CMD: the ENTRYPOINT goes above it',
    fixture: 'missing-init/suppressed-cmd',
    file: 'Dockerfile',
    title: 'Add tini as init',
    preferred: true,
    edits: [
      `Dockerfile 1:18-1:18 ${JSON.stringify(`\n${APT_TINI}`)}`,
      'Dockerfile 3:1-3:1 "ENTRYPOINT [\\"/usr/bin/tini\\", \\"--\\", \\"docker-entrypoint.sh\\"]\\n"',
    ],
    after: {
      Dockerfile: `FROM node:20-slim\n${APT_TINI}\nWORKDIR /app\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\n# pid1-ignore shell-form -- the app is fine being killed\nCMD node server.js\n`,
    },
  },
  {
    name: 'compose CRLF file: the new key line ends in CRLF',
    fixture: 'missing-init/compose-crlf',
    file: 'compose.yaml',
    title: 'Add init: true to the service',
    preferred: true,
    edits: ['compose.yaml 5:1-5:1 "    init: true\\r\\n"'],
    after: {
      'compose.yaml':
        'services:\r\n  web:\r\n    image: node:20\r\n    command: ["node", "server.js"]\r\n    init: true\r\n    restart: always\r\n',
    },
  },
  {
    name: 'compose image service: init: true after command, above the comment of the next key',
    fixture: 'missing-init/compose-image',
    file: 'compose.yaml',
    title: 'Add init: true to the service',
    preferred: true,
    edits: ['compose.yaml 6:1-6:1 "    init: true\\n"'],
    after: {
      'compose.yaml':
        'services:\n  # the web app\n  web:\n    image: node:20\n    command: ["node", "server.js"]\n    init: true\n    # published port\n    ports:\n      - "3000:3000"\n',
    },
  },
  {
    name: 'compose: the last key, past its trailing comment',
    fixture: 'missing-init/compose-last-key',
    file: 'compose.yaml',
    line: 2,
    title: 'Add init: true to the service',
    preferred: true,
    edits: ['compose.yaml 4:44-4:44 "\\n    init: true"'],
    after: {
      'compose.yaml':
        'services:\n  web:\n    image: node:20\n    command: ["node", "server.js"] # run it\n    init: true\n  db:\n    image: postgres:16\n',
    },
  },
  {
    name: 'compose: init: false is turned to true in place, comment kept',
    fixture: 'missing-init/compose-init-false',
    file: 'compose.yaml',
    title: 'Add init: true to the service',
    preferred: true,
    edits: ['compose.yaml 4:11-4:16 "true"'],
    after: {
      'compose.yaml':
        'services:\n  web:\n    image: node:20\n    init: true # for now\n    command: ["node", "server.js"]\n',
    },
  },
  {
    name: 'Dockerfile built by compose services: init: true on each, and the Dockerfile drops to info',
    fixture: 'missing-init/compose-builds',
    file: 'Dockerfile',
    title: 'Add init: true to services web, worker',
    preferred: true,
    edits: [
      'compose.yaml 4:1-4:1 "    init: true\\n"',
      'compose.yaml 8:35-8:35 "\\n    init: true"',
    ],
    after: {
      'compose.yaml':
        'services:\n  web:\n    build: .\n    init: true\n    ports:\n      - "3000:3000"\n  worker:\n    build: .\n    command: ["node", "worker.js"]\n    init: true\n',
    },
    then: 'info',
  },
  {
    name: 'one builder already has init: true: only the other gets it, and no init goes into the image',
    fixture: 'missing-init/compose-some-init',
    file: 'Dockerfile',
    title: 'Add init: true to service worker in compose.yaml',
    preferred: true,
    edits: ['compose.yaml 7:35-7:35 "\\n    init: true"'],
    after: {
      'compose.yaml':
        'services:\n  web:\n    build: .\n    init: true\n  worker:\n    build: .\n    command: ["node", "worker.js"]\n    init: true\n',
    },
    then: 'info',
  },
];

describe('missing-init fixes', () => {
  for (const c of cases) it(c.name, () => checkFixCase('missing-init', c));

  it('offers tini first and preferred when nothing else runs the image', () => {
    const f = nearMiss('missing-init/node-apt', 'missing-init', 'Dockerfile');
    assert.deepEqual(
      f?.fixes.map((x) => [x.title, x.preferred === true, x.safe]),
      [
        ['Add tini as init', true, false],
        ['Add dumb-init as init', false, false],
      ],
    );
  });

  it('prefers init: true on the services when compose builds the image', () => {
    const f = nearMiss('missing-init/compose-builds', 'missing-init', 'Dockerfile');
    assert.deepEqual(
      f?.fixes.map((x) => [x.title, x.preferred === true, x.safe]),
      [
        ['Add tini as init', false, false],
        ['Add dumb-init as init', false, false],
        ['Add init: true to services web, worker', true, false],
      ],
    );
  });

  it('fix-all with unsafe fixes puts one init in front, not two', () => {
    const files = loadFixture('missing-init/compose-builds');
    const before = analyseFiles(files);
    assert.equal(findingsOf(before, 'missing-init').length, 2);
    const run = fixAll(files, (texts) => analyseFiles(new Map(texts)).findings, { unsafe: true });
    const fixed = run.texts;
    assert.equal(fixed.get(`${ROOT}/Dockerfile`), files.get(`${ROOT}/Dockerfile`));
    const after = analyseFiles(fixed);
    const left = findingsOf(after, 'missing-init');
    assert.deepEqual(
      left.map((f) => [f.path, f.severity]),
      [[`${ROOT}/Dockerfile`, 'info']],
    );
    assert.deepEqual(
      left[0].related.map((r) => [r.path, r.range.start.line + 1, r.message]),
      [
        [`${ROOT}/compose.yaml`, 4, 'Service web runs it with init: true.'],
        [`${ROOT}/compose.yaml`, 10, 'Service worker runs it with init: true.'],
      ],
    );
  });

  it('says to fix a shell that does not exec first, and offers no -g behind it', () => {
    const f = nearMiss('missing-init/shell-dash', 'missing-init', 'Dockerfile');
    assert.match(f!.message, /Make the shell exec the app first\./);
    assert.deepEqual(
      f!.fixes.map((x) => x.title),
      ['Add tini as init', 'Add dumb-init --single-child as init'],
    );
  });

  it('a service that builds another target does not count for the final stage', () => {
    const result = analyseFiles(loadFixture('missing-init/compose-target'));
    const final = findingsOf(result, 'missing-init', 'Dockerfile').find(
      (x) => x.range.start.line === 9,
    );
    assert.equal(final?.severity, 'warning');
    assert.deepEqual(
      final?.fixes.map((x) => x.title),
      ['Add tini as init', 'Add dumb-init as init'],
    );
  });

  it('a Dockerfile with one builder at init: true is told why no image init is offered', () => {
    const f = nearMiss('missing-init/compose-some-init', 'missing-init', 'Dockerfile');
    assert.match(f!.message, /already set init: true, so an init in the image would run twice/);
    assert.equal(f!.fixes.length, 1);
  });
});

describe('missing-init: near misses, no fix that cannot be made correctly', () => {
  const misses: { fixture: string; file: string; reason: RegExp }[] = [
    {
      fixture: 'missing-init/scratch',
      file: 'Dockerfile',
      reason: /no package manager, and no earlier stage installs with apk or apt/,
    },
    {
      fixture: 'missing-init/shell-entrypoint',
      file: 'Dockerfile',
      reason: /the ENTRYPOINT is in shell form, so it would have to become exec form first/,
    },
    {
      fixture: 'missing-init/ubi',
      file: 'Dockerfile',
      reason: /not in the default repositories of registry\.access\.redhat\.com\/ubi9\/ubi/,
    },
    {
      fixture: 'missing-init/unknown-base',
      file: 'Dockerfile',
      reason: /base image is not one PID 1 Doctor knows, so its ENTRYPOINT/,
    },
  ];
  for (const m of misses) {
    it(`${m.fixture}: no fix, and the message says what to do by hand`, () => {
      const f = nearMiss(m.fixture, 'missing-init', m.file);
      assert.ok(f, 'the finding is there');
      assert.deepEqual(f.fixes, []);
      assert.match(f.message, m.reason);
      assert.match(f.message, /Install an init by hand and put it first in ENTRYPOINT/);
    });
  }

  it('a flow-mapping service gets no compose edit (no key line can be added)', () => {
    const f = nearMiss('missing-init/compose-flow', 'missing-init', 'compose.yaml');
    assert.ok(f);
    assert.deepEqual(f.fixes, []);
  });
});
