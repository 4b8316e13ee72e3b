/**
 * Which file names are Dockerfiles and compose files: the one rule the CLI walk, `explain` and
 * the editor share (fileKindOf).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileKindOf } from '../../src/core';
import { findFiles } from '../../src/cli/files';
import { run, scratch, WARNING_DOCKERFILE } from './cli/helpers';

describe('fileKindOf', () => {
  // [name, kind]
  const table: [string, 'dockerfile' | 'compose' | undefined][] = [
    // The names Docker and Podman read by default, any case.
    ['Dockerfile', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['DOCKERFILE', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['containerfile', 'dockerfile'],
    // Variants: Dockerfile.<suffix>, Containerfile.<suffix>.
    ['Dockerfile.dev', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['Dockerfile.alpine', 'dockerfile'],
    ['Dockerfile.arm64', 'dockerfile'],
    ['Dockerfile.node20', 'dockerfile'],
    ['Dockerfile.ci.debug', 'dockerfile'],
    ['dockerfile.dev', 'dockerfile'],
    ['Containerfile.fedora', 'dockerfile'],
    ['Containerfile.build', 'dockerfile'],
    // <name>.dockerfile, <name>.containerfile.
    ['app.dockerfile', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['worker.containerfile', 'dockerfile'],
    ['web.prod.Containerfile', 'dockerfile'],
    // Paths: only the last segment counts, either separator.
    ['/repo/services/api/Dockerfile', 'dockerfile'],
    ['C:\\repo\\api\\Dockerfile.dev', 'dockerfile'],
    ['/repo/dockerfile.ts/Dockerfile', 'dockerfile'],
    // Source code about Dockerfiles.
    ['dockerfile.ts', undefined],
    ['Dockerfile.ts', undefined],
    ['dockerfile.test.ts', undefined],
    ['dockerfile.d.ts', undefined],
    ['dockerfile.js', undefined],
    ['dockerfile.js.map', undefined],
    ['dockerfile.go', undefined],
    ['dockerfile.py', undefined],
    ['Dockerfile.cs', undefined],
    ['containerfile.rs', undefined],
    ['Dockerfile.sh', undefined],
    ['/repo/src/core/parse/dockerfile.ts', undefined],
    ['/repo/test/unit/parse/dockerfile.test.ts', undefined],
    // Documentation, ignore files, data, templates, leftovers.
    ['Dockerfile.md', undefined],
    ['Dockerfile.MD', undefined],
    ['Dockerfile.dev.md', undefined],
    ['Dockerfile.txt', undefined],
    ['Dockerfile.dockerignore', undefined],
    ['Dockerfile.prod.dockerignore', undefined],
    ['app.dockerfile.dockerignore', undefined],
    ['Containerfile.containerignore', undefined],
    ['Dockerfile.json', undefined],
    ['Dockerfile.yaml', undefined],
    ['Dockerfile.j2', undefined],
    ['Dockerfile.template', undefined],
    ['Dockerfile.tmpl', undefined],
    ['Dockerfile.orig', undefined],
    ['Dockerfile.bak', undefined],
    ['Dockerfile.swp', undefined],
    // Near misses: no separator, or nothing around the dot.
    ['Dockerfile.', undefined],
    ['.dockerfile', undefined],
    ['Dockerfiles', undefined],
    ['MyDockerfile', undefined],
    ['dockerfile_test.go', undefined],
    ['dockerfile-lint.yml', undefined],
    ['.dockerignore', undefined],
    ['Dockerfile.dockerignore.bak', undefined],
    // Compose files.
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.yaml', 'compose'],
    ['compose.override.yaml', 'compose'],
    ['docker-compose.prod.yml', 'compose'],
    ['compose.json', undefined],
    ['compose.yaml.md', undefined],
    ['package.json', undefined],
    ['README.md', undefined],
  ];
  for (const [name, kind] of table) {
    it(`${JSON.stringify(name)} is ${kind ?? 'neither'}`, () => {
      assert.equal(fileKindOf(name), kind);
    });
  }
});

describe('the CLI walk and file names', () => {
  const FROM = 'FROM node:20\nCMD ["node", "server.js"]\n';
  const files = {
    Dockerfile: FROM,
    'Dockerfile.dev': FROM,
    'app.dockerfile': FROM,
    'Containerfile.fedora': FROM,
    'compose.override.yaml': 'services:\n  web:\n    image: node:20\n',
    // Not Dockerfiles, though their names start with one.
    'Dockerfile.md': '# How to build\n\nRun `docker build .`\n',
    'Dockerfile.dockerignore': 'node_modules\n*.log\n',
    'src/dockerfile.ts': 'export const FROM = 1;\n',
    'test/dockerfile.test.ts': 'import { FROM } from "../src/dockerfile";\n',
  };

  it('finds the Dockerfiles and compose files and nothing else', () => {
    const s = scratch(files);
    try {
      const found = findFiles(['.'], s.dir).map((f) => path.relative(s.dir, f.path));
      assert.deepEqual(found.sort(), [
        'Containerfile.fedora',
        'Dockerfile',
        'Dockerfile.dev',
        'app.dockerfile',
        'compose.override.yaml',
      ]);
    } finally {
      s.remove();
    }
  });

  it('check on the folder writes nothing about the source, doc and ignore files', async () => {
    const s = scratch(files);
    try {
      const r = await run(['check', '.', '--fail-on', 'never'], { cwd: s.dir });
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.doesNotMatch(r.stdout, /dockerfile\.ts|Dockerfile\.md|dockerignore/);
    } finally {
      s.remove();
    }
  });

  it('checks a file named on the command line by its content', async () => {
    const s = scratch({
      'Dockerfile.md': '# notes\n',
      'Dockerfile.go': WARNING_DOCKERFILE,
    });
    try {
      const doc = await run(['check', 'Dockerfile.md'], { cwd: s.dir });
      assert.equal(doc.code, 2);
      assert.match(doc.stderr, /neither a Dockerfile/);
      const variant = await run(['check', 'Dockerfile.go', '--fail-on', 'never'], { cwd: s.dir });
      assert.equal(variant.code, 0);
      assert.match(variant.stdout, /Dockerfile\.go/);
      assert.match(variant.stdout, /shell-form/);
    } finally {
      s.remove();
    }
  });
});
