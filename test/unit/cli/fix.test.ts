/**
 * `check --fix` and `--unsafe-fixes` on files in scratch folders: which fixes are applied, how
 * the files are written (atomically, keeping line endings, the final newline or its absence,
 * indentation and comments), what is printed, and what happens when a file cannot be written.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { REPO_ROOT, run, scratch } from './helpers';

const SHELL_FORM = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD node server.js\n';
const SHELL_FORM_FIXED = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';

const OPERATORS = 'FROM node:20\nWORKDIR /app\nCMD echo starting && node server.js\n';
const OPERATORS_FIXED = 'FROM node:20\nWORKDIR /app\nCMD echo starting && exec node server.js\n';

/** A file only an unsafe fix touches: single quotes in a bracketed CMD. */
const MALFORMED = "FROM node:20\nWORKDIR /app\nCMD ['node', 'server.js']\n";

function read(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

function rulesIn(
  report: { files: { path: string; findings: { rule: string }[] }[] },
  file: string,
) {
  return report.files.find((f) => f.path === file)?.findings.map((f) => f.rule) ?? [];
}

/** The files a folder holds, temporary ones included. */
function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('check --fix: what is applied', () => {
  it('rewrites a lone shell-form command to exec form', async () => {
    const tree = scratch({ Dockerfile: SHELL_FORM });
    try {
      const result = await run(['check', '--fix'], { cwd: tree.dir });
      assert.equal(read(tree.dir, 'Dockerfile'), SHELL_FORM_FIXED);
      assert.match(result.stdout, /^Fixed 1 problem in Dockerfile: shell-form \(line 4\)$/m);
      assert.doesNotMatch(result.stdout, /shell-form$/m, 'the fixed finding is not listed');
      // missing-init stays: its fix (an init) is not safe, so the run still fails.
      assert.equal(result.code, 1);
      assert.match(result.stdout, /missing-init$/m);
    } finally {
      tree.remove();
    }
  });

  it('puts exec before the last command of a list, staying in shell form', async () => {
    const tree = scratch({ Dockerfile: OPERATORS });
    try {
      await run(['check', '--fix'], { cwd: tree.dir });
      assert.equal(read(tree.dir, 'Dockerfile'), OPERATORS_FIXED);
    } finally {
      tree.remove();
    }
  });

  it('puts exec before the last command of an explicit sh -c in a compose file', async () => {
    const compose =
      'services:\n' +
      '  # the API\n' +
      '  api:\n' +
      '    image: node:20\n' +
      '    init: true\n' +
      '    command: ["sh", "-c", "node migrate.js && node server.js"]\n';
    const tree = scratch({ 'compose.yaml': compose });
    try {
      await run(['check', '--fix'], { cwd: tree.dir });
      assert.equal(
        read(tree.dir, 'compose.yaml'),
        compose.replace('&& node server.js', '&& exec node server.js'),
      );
    } finally {
      tree.remove();
    }
  });

  it('applies only safe fixes unless --unsafe-fixes is given', async () => {
    const tree = scratch({ 'a/Dockerfile': SHELL_FORM, 'b/Dockerfile': MALFORMED });
    try {
      const safe = await run(['check', '--fix', '--format', 'json'], { cwd: tree.dir });
      assert.equal(read(tree.dir, 'a/Dockerfile'), SHELL_FORM_FIXED);
      assert.equal(read(tree.dir, 'b/Dockerfile'), MALFORMED, 'no safe fix for broken JSON');
      const report = JSON.parse(safe.stdout);
      assert.ok(rulesIn(report, 'b/Dockerfile').includes('malformed-exec-form'));
      assert.ok(rulesIn(report, 'a/Dockerfile').includes('missing-init'));

      const unsafe = await run(['check', '--fix', '--unsafe-fixes', '--format', 'json'], {
        cwd: tree.dir,
      });
      const after = JSON.parse(unsafe.stdout);
      assert.match(read(tree.dir, 'b/Dockerfile'), /^CMD \["node", "server\.js"\]$/m);
      assert.ok(!rulesIn(after, 'b/Dockerfile').includes('malformed-exec-form'));
      // The unsafe fixes include an init, so missing-init goes too.
      assert.ok(!rulesIn(after, 'a/Dockerfile').includes('missing-init'));
      const applied = after.files.flatMap((f: { applied: { rule: string }[] }) =>
        f.applied.map((a) => a.rule),
      );
      assert.ok(applied.includes('malformed-exec-form'), applied.join());
      assert.ok(applied.includes('missing-init'), applied.join());
    } finally {
      tree.remove();
    }
  });

  it('with --format json, reports the files as fixed and lists what was applied', async () => {
    const tree = scratch({ Dockerfile: SHELL_FORM });
    try {
      const result = await run(['check', '--fix', '--format', 'json'], { cwd: tree.dir });
      const report = JSON.parse(result.stdout);
      const file = report.files[0];
      assert.deepEqual(rulesIn(report, 'Dockerfile'), ['missing-init']);
      assert.equal(file.applied.length, 1);
      assert.equal(file.applied[0].rule, 'shell-form');
      assert.equal(file.applied[0].line, 4);
      assert.equal(file.applied[0].column, 1);
      assert.equal(typeof file.applied[0].title, 'string');
      assert.deepEqual(file.applied[0].paths, ['Dockerfile']);
      // Positions are those of the fixed file: missing-init now points at the exec form.
      const f = file.findings[0];
      const line = read(tree.dir, 'Dockerfile').split('\n')[f.line - 1];
      assert.equal(line, 'CMD ["node", "server.js"]');
      assert.equal(result.stderr, '');
    } finally {
      tree.remove();
    }
  });

  it('with --format sarif, says what it fixed on stderr and reports the fixed state', async () => {
    const tree = scratch({ Dockerfile: SHELL_FORM });
    try {
      const result = await run(['check', '--fix', '--format', 'sarif'], { cwd: tree.dir });
      assert.equal(result.stderr, 'Fixed 1 problem in Dockerfile: shell-form (line 4)\n');
      const rules = JSON.parse(result.stdout).runs[0].results.map(
        (r: { ruleId: string }) => r.ruleId,
      );
      assert.deepEqual(rules, ['missing-init']);
      assert.equal(read(tree.dir, 'Dockerfile'), SHELL_FORM_FIXED);
    } finally {
      tree.remove();
    }
  });

  it('leaves a file with nothing to fix as it was, byte for byte', async () => {
    const clean = 'FROM node:20\nENTRYPOINT ["tini", "--"]\nCMD ["node", "server.js"]';
    const tree = scratch({ Dockerfile: clean });
    try {
      const before = fs.statSync(path.join(tree.dir, 'Dockerfile'));
      const result = await run(['check', '--fix'], { cwd: tree.dir });
      assert.equal(result.code, 0);
      assert.equal(read(tree.dir, 'Dockerfile'), clean);
      assert.equal(fs.statSync(path.join(tree.dir, 'Dockerfile')).ino, before.ino);
      assert.doesNotMatch(result.stdout, /^Fixed/m);
    } finally {
      tree.remove();
    }
  });
});

describe('check --fix: how files are written', () => {
  it('replaces the file by renaming a temporary file over it, keeping its mode', async () => {
    const tree = scratch({ Dockerfile: SHELL_FORM });
    try {
      const file = path.join(tree.dir, 'Dockerfile');
      fs.chmodSync(file, 0o640);
      const before = fs.statSync(file);
      await run(['check', '--fix'], { cwd: tree.dir });
      const after = fs.statSync(file);
      assert.notEqual(after.ino, before.ino, 'a new inode: written elsewhere, then renamed');
      assert.equal(after.mode & 0o7777, 0o640);
      assert.deepEqual(listing(tree.dir), ['Dockerfile'], 'no temporary file left behind');
    } finally {
      tree.remove();
    }
  });

  it('keeps CRLF line endings, comments, continuations and indentation', async () => {
    const crlf = [
      '# escape=\\',
      'FROM node:20',
      '# install',
      'RUN apt-get update \\',
      '    # a comment inside the continuation',
      '    && apt-get install -y curl',
      '\tWORKDIR /app',
      'CMD echo starting && node server.js',
      '',
    ].join('\r\n');
    const tree = scratch({ Dockerfile: crlf });
    try {
      await run(['check', '--fix'], { cwd: tree.dir });
      const after = read(tree.dir, 'Dockerfile');
      assert.equal(after, crlf.replace('&& node server.js', '&& exec node server.js'));
      assert.doesNotMatch(after.replace(/\r\n/g, ''), /[\r\n]/, 'no lone CR or LF');
    } finally {
      tree.remove();
    }
  });

  it('keeps a missing final newline missing, and a byte order mark', async () => {
    const tree = scratch({
      'a/Dockerfile': SHELL_FORM.trimEnd(),
      'b/Dockerfile': `\ufeff${SHELL_FORM}`,
    });
    try {
      await run(['check', '--fix'], { cwd: tree.dir });
      assert.equal(read(tree.dir, 'a/Dockerfile'), SHELL_FORM_FIXED.trimEnd());
      assert.equal(read(tree.dir, 'b/Dockerfile'), `\ufeff${SHELL_FORM_FIXED}`);
    } finally {
      tree.remove();
    }
  });

  it('rewrites a shell-form CMD over continued lines, keeping the comment between', async () => {
    const text =
      'FROM node:20\nWORKDIR /app\nCMD node \\\n  # the entry point\n  server.js\nEXPOSE 3000\n';
    const tree = scratch({ Dockerfile: text });
    try {
      await run(['check', '--fix'], { cwd: tree.dir });
      const after = read(tree.dir, 'Dockerfile');
      assert.ok(after.startsWith('FROM node:20\nWORKDIR /app\nCMD ['), after);
      assert.match(after, /^ {2}# the entry point$/m);
      assert.ok(after.endsWith('\nEXPOSE 3000\n'), after);
      // Docker joins the lines and drops the comment: what is left must be exec form.
      const report = JSON.parse(
        (await run(['check', '--format', 'json'], { cwd: tree.dir })).stdout,
      );
      const rules = rulesIn(report, 'Dockerfile');
      assert.ok(
        !rules.includes('shell-form') && !rules.includes('malformed-exec-form'),
        rules.join(),
      );
      const joined = after
        .split('\n')
        .slice(2, 5)
        .filter((l) => !/^\s*#/.test(l));
      const json = joined.join('').replace(/\\$/gm, '').replace(/\\/g, '').slice(4);
      assert.deepEqual(JSON.parse(json), ['node', 'server.js']);
    } finally {
      tree.remove();
    }
  });
});

describe('check --fix: a file that cannot be written', () => {
  // Running as root, permissions do not stop a write; these make the temporary file impossible
  // to create instead, which is where a real write fails first.

  it('reports it, leaves it untouched, writes the others, and exits 2', async () => {
    // The temporary file is named `.<name>.<pid>.<random>.tmp` beside the file: with a name of
    // 240 bytes that is longer than any file name may be (ENAMETOOLONG).
    const long = `Dockerfile.${'x'.repeat(229)}`;
    const tree = scratch({ [long]: SHELL_FORM, 'ok/Dockerfile': SHELL_FORM });
    try {
      const before = fs.statSync(path.join(tree.dir, long));
      const result = await run(['check', '--fix', '--format', 'json'], { cwd: tree.dir });
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        new RegExp(`^pid1-doctor: cannot write ${long}: .*left unchanged$`, 'm'),
      );
      assert.equal(read(tree.dir, long), SHELL_FORM);
      assert.equal(fs.statSync(path.join(tree.dir, long)).ino, before.ino);
      assert.equal(read(tree.dir, 'ok/Dockerfile'), SHELL_FORM_FIXED);
      assert.deepEqual(
        listing(tree.dir).filter((n) => n.endsWith('.tmp')),
        [],
      );

      // The report describes what is on disk: the finding is still there, nothing applied.
      const report = JSON.parse(result.stdout);
      const stuck = report.files.find((f: { path: string }) => f.path === long);
      assert.ok(rulesIn(report, long).includes('shell-form'));
      assert.deepEqual(stuck.applied, []);
      assert.equal(
        report.files.find((f: { path: string }) => f.path === 'ok/Dockerfile').applied.length,
        1,
      );
    } finally {
      tree.remove();
    }
  });

  it('an immutable folder (chattr +i): reported, untouched, exit 2', async (t) => {
    const tree = scratch({ 'locked/Dockerfile': SHELL_FORM });
    const locked = path.join(tree.dir, 'locked');
    const chattr = spawnSync('chattr', ['+i', locked], { encoding: 'utf8' });
    if (chattr.status !== 0) {
      tree.remove();
      t.skip(`chattr +i is not available here: ${chattr.stderr || chattr.error?.message}`);
      return;
    }
    try {
      const result = await run(['check', '--fix'], { cwd: tree.dir });
      assert.equal(result.code, 2);
      assert.equal(
        result.stderr,
        'pid1-doctor: cannot write locked/Dockerfile: permission denied; left unchanged\n',
      );
      assert.equal(read(tree.dir, 'locked/Dockerfile'), SHELL_FORM);
      assert.doesNotMatch(result.stdout, /^Fixed/m);
      assert.match(result.stdout, /shell-form$/m, 'the finding is still reported');
    } finally {
      spawnSync('chattr', ['-i', locked]);
      tree.remove();
    }
  });
});

describe('check --fix on a copy of examples/', () => {
  it('leaves only findings without a safe fix, each with what to do, and a second run changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-examples-'));
    try {
      fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
      const fixed = await run(['check', 'examples', '--fix'], { cwd: dir });
      assert.match(fixed.stdout, /^Fixed \d+ problems? in examples\//m);
      const snapshot = (root: string) =>
        listing(root)
          .filter((f) => fs.statSync(path.join(root, f)).isFile())
          .map((f) => `${f}\n${read(root, f)}`);
      const afterFirst = snapshot(path.join(dir, 'examples'));

      const report = JSON.parse(
        (await run(['check', 'examples', '--format', 'json'], { cwd: dir })).stdout,
      );
      let findings = 0;
      for (const file of report.files) {
        for (const f of file.findings) {
          findings++;
          const safe = f.fixes.filter((x: { safe: boolean }) => x.safe);
          assert.deepEqual(safe, [], `${file.path}:${f.line} ${f.rule} still has a safe fix`);
        }
      }
      assert.ok(findings > 0);

      // In the text report each finding with a fix is followed by the fix and its flag.
      const text = await run(['check', 'examples'], { cwd: dir });
      const lines = text.stdout.split('\n');
      const withFix = report.files.flatMap((f: { findings: { fixes: unknown[] }[] }) =>
        f.findings.filter((x) => x.fixes.length > 0),
      ).length;
      assert.equal(
        lines.filter((l) => /^ {4}fix: .+ \(--fix --unsafe-fixes\)$/.test(l)).length,
        withFix,
      );

      const again = await run(['check', 'examples', '--fix'], { cwd: dir });
      assert.doesNotMatch(again.stdout, /^Fixed/m);
      assert.deepEqual(snapshot(path.join(dir, 'examples')), afterFirst);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
