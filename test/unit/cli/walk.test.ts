import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFiles } from '../../../src/cli/files';
import { compileIgnoreLine, IgnoreMatcher, parseGitignore } from '../../../src/cli/gitignore';
import { run, scratch, WARNING_DOCKERFILE } from './helpers';

describe('gitignore patterns', () => {
  // [pattern, path relative to the .gitignore, is a folder, matches]
  const table: [string, string, boolean, boolean][] = [
    ['build', 'build', true, true],
    ['build', 'a/b/build', false, true],
    ['build', 'builder', false, false],
    ['build/', 'build', true, true],
    ['build/', 'build', false, false],
    ['/build', 'build', true, true],
    ['/build', 'a/build', true, false],
    ['docs/build', 'docs/build', true, true],
    ['docs/build', 'x/docs/build', true, false],
    ['*.tmp', 'a/b.tmp', false, true],
    ['*.tmp', 'a.tmp/x', false, false],
    ['a/*/c', 'a/b/c', false, true],
    ['a/*/c', 'a/b/x/c', false, false],
    ['a/**/c', 'a/c', false, true],
    ['a/**/c', 'a/b/x/c', false, true],
    ['**/deploy', 'deploy', true, true],
    ['**/deploy', 'x/y/deploy', true, true],
    ['gen/**', 'gen/a/b', false, true],
    ['gen/**', 'gen', true, false],
    ['Dockerfile.?', 'Dockerfile.a', false, true],
    ['Dockerfile.?', 'Dockerfile.ab', false, false],
    ['Dockerfile.[ab]', 'Dockerfile.b', false, true],
    ['Dockerfile.[!ab]', 'Dockerfile.b', false, false],
    ['Dockerfile.[!ab]', 'Dockerfile.c', false, true],
    ['\\#notes', '#notes', false, true],
    ['\\!important', '!important', false, true],
    ['trailing   ', 'trailing', false, true],
    ['space\\ ', 'space ', false, true],
    ['a.b', 'axb', false, false],
    ['[unclosed', '[unclosed', false, true],
  ];
  for (const [pattern, rel, isFolder, matches] of table) {
    it(`${JSON.stringify(pattern)} ${matches ? 'matches' : 'does not match'} ${rel}${isFolder ? '/' : ''}`, () => {
      const rules = parseGitignore(pattern);
      assert.equal(rules.length, 1);
      const matcher = IgnoreMatcher.empty.with('/r', rules);
      assert.equal(matcher.ignores(`/r/${rel}`, isFolder), matches);
    });
  }

  it('skips blank lines and comments', () => {
    assert.equal(compileIgnoreLine(''), undefined);
    assert.equal(compileIgnoreLine('   '), undefined);
    assert.equal(compileIgnoreLine('# a comment'), undefined);
    assert.equal(parseGitignore('# c\n\nx\r\n').length, 1);
  });

  it('lets the last matching line win, and deeper files over shallower ones', () => {
    const matcher = IgnoreMatcher.empty
      .with('/r', parseGitignore('*.yaml\n!keep.yaml\n'))
      .with('/r/sub', parseGitignore('keep.yaml\n'));
    assert.equal(matcher.ignores('/r/x.yaml', false), true);
    assert.equal(matcher.ignores('/r/keep.yaml', false), false);
    assert.equal(matcher.ignores('/r/sub/keep.yaml', false), true);
    assert.equal(matcher.ignores('/elsewhere/x.yaml', false), false);
  });
});

describe('walking folders', () => {
  function relFiles(dir: string, paths = ['.']): string[] {
    return findFiles(paths, dir).map((f) => path.relative(dir, f.path).split(path.sep).join('/'));
  }

  it('skips node_modules, .git and what .gitignore files name, nested ones in their folder', () => {
    const tree = scratch({
      '.git/Dockerfile': 'FROM x\n',
      '.gitignore': '# build output\ndist/\n*.local.yaml\n/generated\n!keep.local.yaml\n',
      Dockerfile: 'FROM x\n',
      'compose.yaml': 'services: {}\n',
      'dev.local.yaml': 'services: {}\n',
      'compose.local.yaml': 'services: {}\n',
      'keep.local.yaml': 'services: {}\n',
      'node_modules/pkg/Dockerfile': 'FROM x\n',
      'dist/Dockerfile': 'FROM x\n',
      'generated/Dockerfile': 'FROM x\n',
      'svc/generated/Dockerfile': 'FROM x\n',
      'svc/.gitignore': 'Dockerfile.*\n!Dockerfile.prod\n',
      'svc/Dockerfile.dev': 'FROM x\n',
      'svc/Dockerfile.prod': 'FROM x\n',
      'other/Dockerfile.dev': 'FROM x\n',
      'README.md': '# not a Dockerfile\n',
    });
    try {
      assert.deepEqual(relFiles(tree.dir), [
        'Dockerfile',
        'compose.yaml',
        'other/Dockerfile.dev',
        'svc/Dockerfile.prod',
        'svc/generated/Dockerfile',
      ]);
    } finally {
      tree.remove();
    }
  });

  it('applies the .gitignore files above a PATH up to the git root', () => {
    const tree = scratch({
      '.git/': '',
      '.gitignore': 'legacy/\n',
      'apps/.gitignore': 'docker-compose.override.yml\n',
      'apps/web/Dockerfile': 'FROM x\n',
      'apps/web/docker-compose.override.yml': 'services: {}\n',
      'apps/web/legacy/Dockerfile': 'FROM x\n',
    });
    try {
      assert.deepEqual(relFiles(tree.dir, ['apps/web']), ['apps/web/Dockerfile']);
    } finally {
      tree.remove();
    }
  });

  it('follows a symlinked folder once and never loops', () => {
    const tree = scratch({ 'real/Dockerfile': 'FROM x\n' });
    try {
      fs.symlinkSync(tree.dir, path.join(tree.dir, 'real', 'up'));
      fs.symlinkSync(path.join(tree.dir, 'real'), path.join(tree.dir, 'alias'));
      fs.symlinkSync(path.join(tree.dir, 'missing'), path.join(tree.dir, 'Dockerfile'));
      assert.deepEqual(relFiles(tree.dir), ['real/Dockerfile']);
    } finally {
      tree.remove();
    }
  });

  it('checks a file named on the command line even when .gitignore names it', async () => {
    const tree = scratch({ '.gitignore': 'Dockerfile\n', Dockerfile: WARNING_DOCKERFILE });
    try {
      assert.deepEqual(relFiles(tree.dir), []);
      assert.deepEqual(relFiles(tree.dir, ['Dockerfile']), ['Dockerfile']);
      const result = await run(['check', 'Dockerfile'], { cwd: tree.dir });
      assert.equal(result.code, 1);
    } finally {
      tree.remove();
    }
  });
});
