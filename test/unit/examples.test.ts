/**
 * The bundled examples: `pid1-doctor check` on each folder of examples/ must report exactly the
 * findings its expected-findings.txt lists (`<path>:<line> <rule> <severity>`, sorted, `#`
 * comments), nothing more and nothing less. The CLI runs in-process, as `check --format json`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, run } from './cli/helpers';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const LINE = /^(\S+):(\d+) ([a-z0-9-]+) (error|warning|info)$/;

interface JsonReport {
  version: number;
  files: { path: string; findings: { rule: string; severity: string; line: number }[] }[];
}

function exampleNames(): string[] {
  return fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The lines of an expected-findings.txt, checked for form and order. */
function expectedFindings(name: string): string[] {
  const file = path.join(EXAMPLES, name, 'expected-findings.txt');
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const l of lines) assert.match(l, LINE, `${file}: malformed line`);
  assert.deepEqual(lines, [...lines].sort(), `${file} is not sorted`);
  return lines;
}

async function actualFindings(name: string): Promise<string[]> {
  const dir = path.join(EXAMPLES, name);
  const result = await run(['check', '.', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.version, 1);
  return report.files
    .flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.rule} ${x.severity}`))
    .sort();
}

describe('bundled examples', () => {
  it('has the examples the README and the editor tests use', () => {
    const names = exampleNames();
    for (const want of [
      'compose-string-command',
      'express-shell-form-alpine',
      'express-shell-form-debian',
      'fixed-with-tini',
      'java-service',
      'node-npm-start',
    ])
      assert.ok(names.includes(want), `examples/${want} is missing`);
  });

  for (const name of exampleNames()) {
    it(`${name} gives exactly its expected findings`, async () => {
      assert.deepEqual(await actualFindings(name), expectedFindings(name));
    });
  }

  it('gives the same findings when the whole folder is checked, as npm run example does', async () => {
    const result = await run(['check', 'examples', '--format', 'json'], { cwd: REPO_ROOT });
    assert.equal(result.code, 1, 'the examples have warnings, so check exits 1 by default');
    const report = JSON.parse(result.stdout) as JsonReport;
    const got = report.files
      .flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.rule} ${x.severity}`))
      .sort();
    const want = exampleNames()
      .flatMap((name) => expectedFindings(name).map((l) => `examples/${name}/${l}`))
      .sort();
    assert.deepEqual(got, want);
  });

  it('has findings in every example but the fixed one', async () => {
    for (const name of exampleNames()) {
      const found = await actualFindings(name);
      if (name.startsWith('fixed-')) assert.deepEqual(found, [], name);
      else assert.ok(found.length > 0, `${name} shows no pitfall`);
    }
  });

  it('keeps the shell-form CMD the editor test rewrites', () => {
    const text = fs.readFileSync(
      path.join(EXAMPLES, 'express-shell-form-debian', 'Dockerfile'),
      'utf8',
    );
    assert.match(text, /^CMD node server\.js$/m);
  });
});
