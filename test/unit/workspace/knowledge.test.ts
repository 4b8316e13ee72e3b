import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  isInit,
  isPackageManager,
  isShell,
  lookupBaseImage,
  lookupProgram,
  parseImageRef,
  type BaseImageInfo,
  type Evidence,
} from '../../../src/core/workspace/knowledge';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('parseImageRef', () => {
  const valid: [string, ReturnType<typeof parseImageRef>][] = [
    ['node', { registry: 'docker.io', repository: 'node', tag: undefined, digest: undefined }],
    ['node:20', { registry: 'docker.io', repository: 'node', tag: '20', digest: undefined }],
    [
      'docker.io/library/node:20-bookworm-slim',
      { registry: 'docker.io', repository: 'node', tag: '20-bookworm-slim', digest: undefined },
    ],
    [
      'library/python:3.12',
      { registry: 'docker.io', repository: 'python', tag: '3.12', digest: undefined },
    ],
    [
      'index.docker.io/jenkins/jenkins:lts',
      { registry: 'docker.io', repository: 'jenkins/jenkins', tag: 'lts', digest: undefined },
    ],
    [
      'gcr.io/distroless/nodejs20-debian12',
      {
        registry: 'gcr.io',
        repository: 'distroless/nodejs20-debian12',
        tag: undefined,
        digest: undefined,
      },
    ],
    [
      `registry.example.com:5000/team/app@${DIGEST}`,
      {
        registry: 'registry.example.com:5000',
        repository: 'team/app',
        tag: undefined,
        digest: DIGEST,
      },
    ],
    [
      `localhost:5000/app:1.0@${DIGEST}`,
      { registry: 'localhost:5000', repository: 'app', tag: '1.0', digest: DIGEST },
    ],
    [
      'localhost/app',
      { registry: 'localhost', repository: 'app', tag: undefined, digest: undefined },
    ],
    [
      '  alpine:3.20  ',
      { registry: 'docker.io', repository: 'alpine', tag: '3.20', digest: undefined },
    ],
  ];
  for (const [ref, expected] of valid) {
    it(`parses ${JSON.stringify(ref)}`, () => {
      assert.deepEqual(parseImageRef(ref), expected);
    });
  }

  const invalid = [
    '',
    '${BASE}',
    '$BASE',
    'node:${TAG}',
    '${REGISTRY}/node:20',
    'Node:20',
    'node:20 AS build',
    'node:',
    'node@sha256:short',
    'node:bad/tag',
    '/node',
    'node//x',
  ];
  for (const ref of invalid) {
    it(`rejects ${JSON.stringify(ref)}`, () => {
      assert.equal(parseImageRef(ref), undefined);
    });
  }
});

function lookup(ref: string): BaseImageInfo {
  const info = lookupBaseImage(ref);
  assert.ok(info, `no knowledge for ${ref}`);
  return info;
}

function assertEvidence(evidence: Evidence[], what: string): void {
  assert.ok(evidence.length > 0, `${what} has no evidence`);
  for (const e of evidence)
    assert.ok(e.source.trim() !== '', `${what} has evidence with no source`);
}

describe('lookupBaseImage', () => {
  const shells: [string, BaseImageInfo['shell'], BaseImageInfo['packageManager']][] = [
    ['node:20', 'dash', 'apt'],
    ['node', 'dash', 'apt'],
    ['node:20-bookworm', 'dash', 'apt'],
    ['node:20-bullseye-slim', 'dash', 'apt'],
    ['docker.io/library/node:20-bookworm-slim', 'dash', 'apt'],
    ['node:20-slim', 'dash', 'apt'],
    ['node:20-alpine', 'ash', 'apk'],
    ['node:20-alpine3.20', 'ash', 'apk'],
    ['python:3.12-slim', 'dash', 'apt'],
    ['python:3.12-alpine', 'ash', 'apk'],
    ['ruby:3.3', 'dash', 'apt'],
    ['php:8.3-cli', 'dash', 'apt'],
    ['golang:1.22-alpine', 'ash', 'apk'],
    ['eclipse-temurin:21-jre', 'dash', 'apt'],
    ['eclipse-temurin:21-jre-alpine', 'ash', 'apk'],
    ['eclipse-temurin:21-jre-ubi9-minimal', 'bash', 'microdnf'],
    ['amazoncorretto:21', 'bash', 'yum'],
    ['amazoncorretto:21-al2023', 'bash', 'dnf'],
    ['amazoncorretto:21-alpine', 'ash', 'apk'],
    ['openjdk:17-slim', 'dash', 'apt'],
    ['nginx:1.27', 'dash', 'apt'],
    ['nginx:1.27-alpine', 'ash', 'apk'],
    ['httpd:2.4', 'dash', 'apt'],
    ['postgres:16', 'dash', 'apt'],
    ['postgres:16-alpine', 'ash', 'apk'],
    ['redis:7', 'dash', 'apt'],
    ['mongo:7.0', 'dash', 'apt'],
    ['mysql:8.4', 'bash', 'microdnf'],
    ['mysql:8.0-debian', 'dash', 'apt'],
    ['debian:bookworm', 'dash', 'apt'],
    ['debian:12-slim', 'dash', 'apt'],
    ['ubuntu:24.04', 'dash', 'apt'],
    ['alpine:3.20', 'ash', 'apk'],
    ['alpine', 'ash', 'apk'],
    ['busybox', 'ash', 'none'],
    ['busybox:1.36-glibc', 'ash', 'none'],
    ['fedora:40', 'bash', 'dnf'],
    ['registry.access.redhat.com/ubi9/ubi', 'bash', 'dnf'],
    ['registry.access.redhat.com/ubi9/ubi-minimal:9.4', 'bash', 'microdnf'],
    ['redhat/ubi9-minimal', 'bash', 'microdnf'],
    ['rockylinux:9', 'bash', 'dnf'],
    ['rockylinux:9-minimal', 'bash', 'microdnf'],
    ['almalinux:9', 'bash', 'dnf'],
    ['amazonlinux:2', 'bash', 'yum'],
    ['amazonlinux:2023', 'bash', 'dnf'],
    ['amazonlinux', 'bash', 'dnf'],
    ['gcr.io/distroless/nodejs20-debian12', 'none', 'none'],
    ['gcr.io/distroless/static-debian12:nonroot', 'none', 'none'],
    ['gcr.io/distroless/base-debian12:debug', 'ash', 'none'],
    ['scratch', 'none', 'none'],
    ['jenkins/jenkins:lts', 'dash', 'apt'],
    ['jenkins/jenkins:lts-alpine', 'ash', 'apk'],
    ['lscr.io/linuxserver/nginx:latest', 'unknown', 'none'],
    ['bitnami/redis:7.2', 'dash', 'apt'],
    [`node@${DIGEST}`, 'dash', 'apt'],
  ];
  for (const [ref, shell, packageManager] of shells) {
    it(`knows /bin/sh and the package manager of ${ref}`, () => {
      const info = lookup(ref);

      assert.equal(info.shell, shell);
      assert.equal(info.packageManager, packageManager);
      assertEvidence(info.evidence, ref);
      assertEvidence([info.shellEvidence], `${ref} shell`);
      assert.ok(info.evidence.includes(info.shellEvidence));
    });
  }

  it('says the measured shells were measured, and that Alpine was not', () => {
    const debian = lookup('node:20').shellEvidence;
    const alpine = lookup('node:20-alpine').shellEvidence;

    assert.equal(debian.kind, 'measured');
    assert.equal(debian.source, 'shared/notes/pid1-measured.md');
    assert.equal(alpine.kind, 'measured');
    assert.match(alpine.note ?? '', /Alpine.*NOT measured/);
  });

  it("knows node's entrypoint script and that it execs its arguments", () => {
    const info = lookup('node:20-bookworm-slim');

    assert.deepEqual(info.entrypoint, ['docker-entrypoint.sh']);
    assert.deepEqual(info.cmd, ['node']);
    assert.equal(info.entrypointExecsArgs, true);
    assert.equal(info.init, undefined);
    assert.equal(info.tiniPath, '/usr/bin/tini');
    assert.equal(info.description, 'node:20-bookworm-slim (Debian bookworm)');
    assert.ok(info.evidence.some((e) => e.kind === 'published-dockerfile'));
  });

  it('gives Alpine tini its own path', () => {
    assert.equal(lookup('node:20-alpine').tiniPath, '/sbin/tini');
  });

  it("knows nginx's entrypoint, CMD and stop signal", () => {
    for (const ref of ['nginx:1.27', 'nginx:1.27-alpine']) {
      const info = lookup(ref);

      assert.deepEqual(info.entrypoint, ['/docker-entrypoint.sh']);
      assert.deepEqual(info.cmd, ['nginx', '-g', 'daemon off;']);
      assert.equal(info.entrypointExecsArgs, true);
      assert.equal(info.stopSignal, 'SIGQUIT');
    }
  });

  it("knows postgres's STOPSIGNAL and temurin's exec'ing entrypoint", () => {
    assert.equal(lookup('postgres:16').stopSignal, 'SIGINT');
    assert.deepEqual(lookup('eclipse-temurin:21-jre').entrypoint, ['/__cacert_entrypoint.sh']);
    assert.equal(lookup('eclipse-temurin:21-jre').entrypointExecsArgs, true);
  });

  it('leaves unread facts unset', () => {
    const redis = lookup('redis:7');

    assert.deepEqual(redis.entrypoint, ['docker-entrypoint.sh']);
    // Read from copies of its entrypoint, which end with exec "$@".
    assert.equal(redis.entrypointExecsArgs, true);
    assert.equal(lookup('golang:1.22').cmd, undefined);
    assert.equal(lookup('php:8.3-fpm').cmd, undefined);
    assert.deepEqual(lookup('php:8.3-cli').cmd, ['php', '-a']);
  });

  it('knows the inits that images run as PID 1', () => {
    assert.deepEqual(lookup('jenkins/jenkins:lts').init, { name: 'tini', path: '/usr/bin/tini' });
    assert.deepEqual(lookup('jenkins/jenkins:lts').entrypoint, [
      '/usr/bin/tini',
      '--',
      '/usr/local/bin/jenkins.sh',
    ]);
    assert.deepEqual(lookup('jenkins/jenkins:lts-alpine').init, {
      name: 'tini',
      path: '/sbin/tini',
    });
    assert.deepEqual(lookup('lscr.io/linuxserver/plex').init, {
      name: 's6-overlay',
      path: '/init',
    });
    assert.deepEqual(lookup('ghcr.io/linuxserver/nginx:1.26').entrypoint, ['/init']);
    assert.equal(lookup('node:20').init, undefined);
  });

  it('gives distroless nodejs its node entrypoint', () => {
    assert.deepEqual(lookup('gcr.io/distroless/nodejs20-debian12').entrypoint, [
      '/nodejs/bin/node',
    ]);
  });

  const unknown = [
    '${BASE}',
    'registry.example.com:5000/team/app@' + DIGEST,
    'myorg/node:20',
    'quay.io/someone/alpine',
    'python:3.12-windowsservercore-ltsc2022',
    'openjdk:21',
    'registry.access.redhat.com/ubi9/ubi-micro',
    'not a ref',
  ];
  for (const ref of unknown) {
    it(`does not guess for ${JSON.stringify(ref)}`, () => {
      assert.equal(lookupBaseImage(ref), undefined);
    });
  }
});

describe('lookupProgram', () => {
  const table: [string, string, string, boolean | 'unknown'][] = [
    ['node', 'node', 'ignores', false],
    ['/usr/local/bin/node', 'node', 'ignores', false],
    ['nodejs', 'node', 'ignores', false],
    ['npm', 'npm', 'exits', false],
    ['/usr/local/bin/npm', 'npm', 'exits', false],
    ['npx', 'npx', 'unknown', 'unknown'],
    ['yarn', 'yarn', 'unknown', 'unknown'],
    ['pnpm', 'pnpm', 'unknown', 'unknown'],
    ['bun', 'bun', 'unknown', 'unknown'],
    ['/opt/java/openjdk/bin/java', 'java', 'exits-143', 'unknown'],
    ['python3', 'python', 'unknown', 'unknown'],
    ['/usr/local/bin/python3.12', 'python', 'unknown', 'unknown'],
    ['tini', 'tini', 'exits', true],
    ['/sbin/tini', 'tini', 'exits', true],
    ['/sbin/docker-init', 'docker-init', 'exits', true],
    ['/usr/bin/dumb-init', 'dumb-init', 'exits', true],
    ['catatonit', 'catatonit', 'unknown', true],
    ['/init', 's6-overlay', 'exits', true],
    ['s6-svscan', 's6-svscan', 'unknown', true],
    ['/bin/sh', 'sh', 'ignores', true],
    ['dash', 'dash', 'ignores', true],
    ['/bin/bash', 'bash', 'ignores', true],
    ['ash', 'ash', 'ignores', true],
    ['nginx', 'nginx', 'exits', 'unknown'],
    ['postgres', 'postgres', 'exits', 'unknown'],
    ['redis-server', 'redis-server', 'exits', 'unknown'],
    ['httpd', 'httpd', 'exits', 'unknown'],
    ['gunicorn', 'gunicorn', 'exits', 'unknown'],
    ['uvicorn', 'uvicorn', 'unknown', 'unknown'],
    ['/usr/bin/supervisord', 'supervisord', 'exits', 'unknown'],
  ];
  for (const [argv0, name, sigterm, reaps] of table) {
    it(`knows ${argv0}`, () => {
      const info = lookupProgram(argv0);

      assert.ok(info, `no knowledge for ${argv0}`);
      assert.equal(info.name, name);
      assert.equal(info.sigtermAsPid1, sigterm);
      assert.equal(info.reapsOrphans, reaps);
      assertEvidence(info.evidence, argv0);
    });
  }

  it('cites the measurements for what was measured', () => {
    for (const argv0 of ['node', 'npm', 'tini', 'dumb-init', 'sh']) {
      const info = lookupProgram(argv0);

      assert.ok(
        info?.evidence.every((e) => e.kind === 'measured'),
        argv0,
      );
    }
  });

  it('cites documentation with a URL for servers that stop by themselves', () => {
    for (const argv0 of ['nginx', 'postgres', 'redis-server', 'httpd', 'gunicorn']) {
      const info = lookupProgram(argv0);

      assert.ok(
        info?.evidence.every((e) => e.kind === 'documentation' && /^https?:\/\//.test(e.source)),
      );
    }
  });

  it("knows nginx's and httpd's graceful signals", () => {
    assert.equal(lookupProgram('nginx')?.gracefulSignal, 'SIGQUIT');
    assert.equal(lookupProgram('httpd')?.gracefulSignal, 'SIGWINCH');
  });

  for (const argv0 of ['', 'node20', 'init', '/sbin/init', 'nodejs20', 'python2', 'myapp']) {
    it(`does not guess for ${JSON.stringify(argv0)}`, () => {
      assert.equal(lookupProgram(argv0), undefined);
    });
  }
});

describe('program kinds', () => {
  it('finds inits', () => {
    for (const p of ['tini', '/sbin/tini', 'dumb-init', 'docker-init', 'catatonit', '/init']) {
      assert.equal(isInit(p), true, p);
    }
    for (const p of ['node', 'sh', 'npm', '/sbin/init']) assert.equal(isInit(p), false, p);
  });

  it('finds shells', () => {
    for (const p of ['sh', '/bin/sh', 'dash', 'bash', '/bin/ash'])
      assert.equal(isShell(p), true, p);
    for (const p of ['node', 'tini', 'zsh-not-a-shell']) assert.equal(isShell(p), false, p);
  });

  it('finds package managers, and bun only when it runs a script', () => {
    for (const p of ['npm', 'npx', 'yarn', 'pnpm', '/usr/local/bin/yarn', 'bunx']) {
      assert.equal(isPackageManager(p), true, p);
    }
    assert.equal(isPackageManager('bun', 'run'), true);
    assert.equal(isPackageManager('bun', 'server.ts'), false);
    assert.equal(isPackageManager('bun'), false);
    assert.equal(isPackageManager('node'), false);
  });
});
