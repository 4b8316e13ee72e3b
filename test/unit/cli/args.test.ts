import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/errors';
import { FIXTURES, run } from './helpers';

describe('parseArgs', () => {
  it('gives check its defaults', () => {
    assert.deepEqual(parseArgs(['check']), {
      name: 'check',
      paths: ['.'],
      format: 'text',
      fix: false,
      unsafeFixes: false,
      failOn: 'warning',
    });
  });

  it('reads flags with separate and inline values, paths anywhere, and -- ', () => {
    assert.deepEqual(
      parseArgs(['check', 'a', '--format=json', '--fail-on', 'error', 'b', '--fix', '--', '--c']),
      {
        name: 'check',
        paths: ['a', 'b', '--c'],
        format: 'json',
        fix: true,
        unsafeFixes: false,
        failOn: 'error',
      },
    );
  });

  it('routes help and version', () => {
    assert.deepEqual(parseArgs(['--version']), { name: 'version' });
    assert.deepEqual(parseArgs(['--help']), { name: 'help' });
    assert.deepEqual(parseArgs(['help', 'check']), { name: 'help', topic: 'check' });
    assert.deepEqual(parseArgs(['check', '--format', 'json', '-h']), {
      name: 'help',
      topic: 'check',
    });
    assert.deepEqual(parseArgs(['explain', '--help']), { name: 'help', topic: 'explain' });
  });

  it('hands demo its words untouched', () => {
    assert.deepEqual(parseArgs(['demo', 'img:1', '--grace', '3', '--weird']), {
      name: 'demo',
      args: ['img:1', '--grace', '3', '--weird'],
    });
  });

  const bad: [string[], RegExp][] = [
    [[], /Missing command/],
    [['lint'], /Unknown command "lint"/],
    [['--frobnicate'], /Unknown option --frobnicate/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif \(got "xml"\)/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--format', '--fix'], /--format needs a value/],
    [['check', '--fail-on=sometimes'], /--fail-on must be one of error, warning, info, never/],
    [['check', '--unsafe-fixes'], /--unsafe-fixes only goes with --fix/],
    [['check', '--fix=yes'], /--fix takes no value/],
    [['check', '--quiet'], /Unknown option --quiet/],
    [['explain'], /explain needs a FILE/],
    [['explain', 'a', 'b'], /explain takes one FILE \(got 2\)/],
    [['help', 'nope'], /Unknown command "nope"/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${JSON.stringify(argv)}`, () => {
      assert.throws(
        () => parseArgs(argv),
        (err: unknown) => {
          return err instanceof UsageError && message.test(err.message);
        },
      );
    });
  }
});

describe('main on bad usage', () => {
  it('exits 2 with the reason and a pointer to the help on stderr, nothing on stdout', async () => {
    const result = await run(['check', '--format', 'yaml'], { cwd: FIXTURES });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^pid1-doctor: --format must be one of text, json, sarif/);
    assert.match(result.stderr, /Run "pid1-doctor help check" for usage/);
  });

  it('exits 2 without a command', async () => {
    const result = await run([], { cwd: FIXTURES });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Missing command/);
  });

  it('prints help and the version with exit 0', async () => {
    const help = await run(['help', 'check'], { cwd: FIXTURES });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--fail-on error\|warning\|info\|never/);
    const overview = await run(['--help'], { cwd: FIXTURES });
    assert.match(overview.stdout, /pid1-doctor explain FILE/);
    const version = await run(['--version'], { cwd: FIXTURES });
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\n$/);
  });
});
