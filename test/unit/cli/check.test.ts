/* eslint-disable no-control-regex -- these tests look for terminal colour codes */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { FIXTURES, run, scratch, WARNING_DOCKERFILE } from './helpers';

const at = (name: string) => path.join(FIXTURES, name);

describe('check: exit codes', () => {
  // warnings/ has warnings only; mixed/ has an error too; configured/ turns them into info.
  const table: { dir: string; failOn?: string; code: number }[] = [
    { dir: 'warnings', code: 1 },
    { dir: 'warnings', failOn: 'error', code: 0 },
    { dir: 'warnings', failOn: 'warning', code: 1 },
    { dir: 'warnings', failOn: 'info', code: 1 },
    { dir: 'warnings', failOn: 'never', code: 0 },
    { dir: 'mixed', code: 1 },
    { dir: 'mixed', failOn: 'error', code: 1 },
    { dir: 'mixed', failOn: 'warning', code: 1 },
    { dir: 'mixed', failOn: 'info', code: 1 },
    { dir: 'mixed', failOn: 'never', code: 0 },
    { dir: 'configured', code: 0 },
    { dir: 'configured', failOn: 'error', code: 0 },
    { dir: 'configured', failOn: 'warning', code: 0 },
    { dir: 'configured', failOn: 'info', code: 1 },
    { dir: 'configured', failOn: 'never', code: 0 },
    { dir: 'clean', code: 0 },
    { dir: 'clean', failOn: 'error', code: 0 },
    { dir: 'clean', failOn: 'warning', code: 0 },
    { dir: 'clean', failOn: 'info', code: 0 },
    { dir: 'clean', failOn: 'never', code: 0 },
  ];
  for (const row of table) {
    it(`${row.dir} with --fail-on ${row.failOn ?? '(default)'} exits ${row.code}`, async () => {
      const argv = ['check', '.', ...(row.failOn ? ['--fail-on', row.failOn] : [])];
      const result = await run(argv, { cwd: at(row.dir) });
      assert.equal(result.code, row.code, result.stderr);
      assert.equal(result.stderr, '');
    });
  }
});

describe('check: text output', () => {
  it('prints path:line:col  severity  message  rule, then the summary', async () => {
    const result = await run(['check'], { cwd: at('mixed') });
    const lines = result.stdout.split('\n');
    assert.ok(
      lines.includes(
        'compose.yaml:6:24  error    Compose runs no shell for a string command: it splits it ' +
          'into words and stops at "&&", so only "node a.js" runs and "&& node b.js" is silently ' +
          'dropped (docker-compose v1 instead passes "&&" on as an argument).  ' +
          'shell-operators-without-shell',
      ),
      result.stdout,
    );
    const findingLines = lines.filter((l) => /^\S+:\d+:\d+ {2}(error|warning|info) /.test(l));
    assert.equal(findingLines.length, 4);
    assert.match(result.stdout, /\n4 problems \(1 error, 3 warnings\)\n/);
    assert.doesNotMatch(result.stdout, /\u001b\[/, 'no colour when not a terminal');
  });

  it('says how many files were clean', async () => {
    const result = await run(['check'], { cwd: at('clean') });
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
  });

  it('colours on a terminal, and follows NO_COLOR and FORCE_COLOR', async () => {
    const tty = await run(['check'], { cwd: at('warnings'), tty: true });
    assert.match(tty.stdout, /\u001b\[33mwarning/);
    const noColor = await run(['check'], {
      cwd: at('warnings'),
      tty: true,
      env: { NO_COLOR: '1' },
    });
    assert.doesNotMatch(noColor.stdout, /\u001b\[/);
    const forced = await run(['check'], {
      cwd: at('warnings'),
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    assert.match(forced.stdout, /\u001b\[/);
    const forcedOff = await run(['check'], {
      cwd: at('warnings'),
      tty: true,
      env: { FORCE_COLOR: '0' },
    });
    assert.doesNotMatch(forcedOff.stdout, /\u001b\[/);
  });

  it('reports paths relative to the working folder', async () => {
    const result = await run(['check', 'warnings'], { cwd: FIXTURES });
    assert.match(result.stdout, /^warnings\/Dockerfile:4:1 {2}warning/m);
  });
});

describe('check: JSON output', () => {
  const positions = ['line', 'column', 'endLine', 'endColumn'] as const;

  function assertPositions(o: Record<string, unknown>, where: string): void {
    for (const key of positions) {
      assert.equal(typeof o[key], 'number', `${where}.${key}`);
      assert.ok(Number.isInteger(o[key]) && (o[key] as number) >= 1, `${where}.${key} is 1-based`);
    }
  }

  it('has every field of the contract with the right types', async () => {
    const result = await run(['check', '--format', 'json', 'mixed', 'clean'], { cwd: FIXTURES });
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.equal(report.version, 1);
    assert.ok(Array.isArray(report.files));
    assert.deepEqual(
      report.files.map((f: { path: string }) => f.path),
      ['mixed/Dockerfile', 'mixed/compose.yaml', 'clean/Dockerfile'],
    );
    // Files without findings are listed too.
    assert.deepEqual(report.files[2].findings, []);

    let count = 0;
    for (const file of report.files) {
      assert.equal(typeof file.path, 'string');
      assert.ok(Array.isArray(file.findings));
      for (const f of file.findings) {
        count++;
        assert.equal(typeof f.rule, 'string');
        assert.ok(['error', 'warning', 'info'].includes(f.severity));
        assert.equal(typeof f.message, 'string');
        assertPositions(f, `${file.path} ${f.rule}`);
        assert.ok(Array.isArray(f.fixes));
        for (const fix of f.fixes) {
          assert.equal(typeof fix.title, 'string');
          assert.ok(Array.isArray(fix.edits));
          for (const e of fix.edits) {
            assert.equal(typeof e.path, 'string');
            assert.equal(typeof e.newText, 'string');
            assertPositions(e, `${file.path} ${f.rule} edit`);
          }
        }
      }
    }
    assert.equal(count, 4);
  });

  it('gives 1-based positions with an exclusive end', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: at('mixed') });
    const compose = JSON.parse(result.stdout).files.find(
      (f: { path: string }) => f.path === 'compose.yaml',
    );
    const f = compose.findings.find(
      (x: { rule: string }) => x.rule === 'shell-operators-without-shell',
    );
    // Line 6 is `    command: node a.js && node b.js`; the finding covers what compose drops.
    const line = fs.readFileSync(at('mixed/compose.yaml'), 'utf8').split('\n')[f.line - 1];
    assert.equal(line.slice(f.column - 1, f.endColumn - 1), '&& node b.js');
    assert.equal(f.endLine, f.line);
  });
  it('lists exactly the contract fields of a finding, fix and edit, and no others missing', async () => {
    // The contract's keys, in full; fields may be added (kind, related, safe...), none removed.
    const result = await run(['check', '--format', 'json', '.'], { cwd: at('mixed') });
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report).sort(), ['files', 'version']);
    const finding = report.files[0].findings[0];
    for (const key of ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']) {
      assert.ok(key in finding, key);
    }
    assert.ok(Array.isArray(finding.fixes));
  });

  it('gives paths relative to the working folder, wherever the PATH points', async () => {
    const absolute = await run(['check', '--format', 'json', at('mixed')], { cwd: FIXTURES });
    assert.deepEqual(
      JSON.parse(absolute.stdout).files.map((f: { path: string }) => f.path),
      ['mixed/Dockerfile', 'mixed/compose.yaml'],
    );
    const above = await run(['check', '--format', 'json', '../mixed/Dockerfile'], {
      cwd: at('clean'),
    });
    assert.deepEqual(
      JSON.parse(above.stdout).files.map((f: { path: string }) => f.path),
      ['../mixed/Dockerfile'],
    );
  });
});

describe('check: files and folders', () => {
  it('checks a file named on the command line whatever its name, by its content', async () => {
    const docker = await run(['check', '--format', 'json', 'app.docker', 'stack.yml'], {
      cwd: at('named'),
    });
    assert.equal(docker.code, 1, docker.stderr);
    const files = JSON.parse(docker.stdout).files;
    assert.deepEqual(
      files.map((f: { path: string; kind: string }) => [f.path, f.kind]),
      [
        ['app.docker', 'dockerfile'],
        ['stack.yml', 'compose'],
      ],
    );
    assert.ok(files[0].findings.some((f: { rule: string }) => f.rule === 'shell-form'));
  });

  it('does not pick those files up when walking the folder', async () => {
    const result = await run(['check'], { cwd: at('named') });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'No Dockerfiles or compose files found.\n');
  });

  it('exits 2 for a named file that is neither kind', async () => {
    const result = await run(['check', 'notes.txt'], { cwd: at('named') });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^pid1-doctor: notes\.txt: neither a Dockerfile/);
  });

  it('exits 2 for a path that does not exist, naming it', async () => {
    const result = await run(['check', 'nowhere/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'pid1-doctor: nowhere/Dockerfile: no such file or folder\n');
  });

  it('checks a file reached twice once', async () => {
    const result = await run(['check', '--format', 'json', '.', 'Dockerfile'], {
      cwd: at('warnings'),
    });
    assert.equal(JSON.parse(result.stdout).files.length, 1);
  });

  it('reports an unreadable file on stderr, checks the rest, and exits 2', async (t) => {
    if (process.getuid?.() === 0) {
      t.skip(
        'running as root, which reads any file; the test below spawns the CLI as nobody instead',
      );
      return;
    }
    const tree = scratch({
      'a/Dockerfile': WARNING_DOCKERFILE,
      'b/Dockerfile': WARNING_DOCKERFILE,
    });
    try {
      fs.chmodSync(path.join(tree.dir, 'a/Dockerfile'), 0o000);
      const result = await run(['check', '--format', 'json'], { cwd: tree.dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /a\/Dockerfile: permission denied/);
      assert.deepEqual(
        JSON.parse(result.stdout).files.map((f: { path: string }) => f.path),
        ['b/Dockerfile'],
      );
    } finally {
      tree.remove();
    }
  });
});

describe('check: files that cannot be read', () => {
  // Root reads any file whatever its mode. A symbolic link that loops (ELOOP) is unreadable
  // for everyone; to read a mode-000 file as someone else, the CLI is spawned as nobody.
  function withLoop(): { dir: string; remove(): void } {
    const tree = scratch({ 'good/Dockerfile': WARNING_DOCKERFILE, 'bad/': '' });
    fs.symlinkSync('Dockerfile', path.join(tree.dir, 'bad/Dockerfile'));
    return tree;
  }

  it('a named file that cannot be read: named on stderr, exit 2 whatever --fail-on', async () => {
    const tree = withLoop();
    try {
      for (const failOn of ['error', 'warning', 'info', 'never']) {
        const result = await run(
          ['check', '--format', 'json', 'bad/Dockerfile', 'good', '--fail-on', failOn],
          { cwd: tree.dir },
        );
        assert.equal(result.code, 2, failOn);
        assert.equal(
          result.stderr,
          'pid1-doctor: bad/Dockerfile: too many levels of symbolic links\n',
        );
        assert.equal(result.stdout, '');
      }
    } finally {
      tree.remove();
    }
  });

  it('a file found in a folder that cannot be read: the rest is reported, exit 2', (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('not root: the in-process test above with chmod 000 covers it');
      return;
    }
    const tree = scratch({
      'a/Dockerfile': WARNING_DOCKERFILE,
      'b/Dockerfile': WARNING_DOCKERFILE,
    });
    try {
      fs.chmodSync(tree.dir, 0o755);
      fs.chmodSync(path.join(tree.dir, 'a/Dockerfile'), 0o000);
      const cli = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
      for (const failOn of ['warning', 'never']) {
        const result = spawnSync(
          process.execPath,
          [cli, 'check', '--format', 'json', '--fail-on', failOn],
          { cwd: tree.dir, uid: 65534, gid: 65534, encoding: 'utf8', env: {} },
        );
        assert.equal(result.status, 2, result.stderr);
        assert.equal(result.stderr, 'pid1-doctor: a/Dockerfile: permission denied\n');
        const files = JSON.parse(result.stdout).files;
        assert.deepEqual(
          files.map((f: { path: string }) => f.path),
          ['b/Dockerfile'],
        );
        assert.ok(files[0].findings.length > 0);
      }
    } finally {
      tree.remove();
    }
  });
});

describe('check: configuration', () => {
  it('applies the nearest .pid1-doctor.json above the PATH', async () => {
    const result = await run(['check', '--format', 'json', 'configured'], { cwd: FIXTURES });
    const findings = JSON.parse(result.stdout).files[0].findings;
    assert.deepEqual(
      findings.map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`).sort(),
      ['missing-init info', 'shell-form info'],
    );
  });

  it('finds the configuration from a folder below it', async () => {
    const tree = scratch({
      '.git/': '',
      '.pid1-doctor.json': '{ "rules": { "missing-init": "off", "shell-form": "off" } }',
      'svc/api/Dockerfile': WARNING_DOCKERFILE,
      'svc/api/package.json': '{ "scripts": { "start": "node s.js" } }',
    });
    try {
      const result = await run(['check', '--format', 'json', 'svc/api'], { cwd: tree.dir });
      const rules = JSON.parse(result.stdout).files[0].findings.map(
        (f: { rule: string }) => f.rule,
      );
      assert.deepEqual(rules, ['package-manager-pid1']);
    } finally {
      tree.remove();
    }
  });

  it('stops looking at the git root', async () => {
    const tree = scratch({
      '.pid1-doctor.json': '{ "rules": { "shell-form": "off" } }',
      'repo/.git/': '',
      'repo/Dockerfile': WARNING_DOCKERFILE,
    });
    try {
      const result = await run(['check', '--format', 'json', 'repo'], { cwd: tree.dir });
      const rules = JSON.parse(result.stdout).files[0].findings.map(
        (f: { rule: string }) => f.rule,
      );
      assert.ok(rules.includes('shell-form'), rules.join());
    } finally {
      tree.remove();
    }
  });

  it('exits 2 with every reason when the configuration is not valid', async () => {
    const result = await run(['check'], { cwd: at('bad-config') });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^pid1-doctor: \.pid1-doctor\.json: /);
    assert.match(result.stderr, /unknown rule "no-such-rule"/);
    assert.match(result.stderr, /rule "shell-form": "loud" is not one of/);
  });

  it('exits 2 when the configuration is not JSON', async () => {
    const result = await run(['check', 'broken-config'], { cwd: FIXTURES });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /broken-config\/\.pid1-doctor\.json: not valid JSON/);
  });
});

describe('explain', () => {
  it('prints the chain of a Dockerfile, then its findings', async () => {
    const result = await run(['explain', 'Dockerfile'], { cwd: at('warnings') });
    assert.equal(result.code, 1);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'final stage of Dockerfile (base image node:20, /bin/sh = dash)');
    const pid1 = lines.find((l) => /^\s+1\.\s/.test(l));
    assert.match(pid1 ?? '', /\/bin\/sh \(dash\)\s+PID 1\s+Dockerfile:4\s+shell form/);
    assert.match(result.stdout, /npm start\s+child/);
    assert.match(result.stdout, /Findings:\n\s+Dockerfile:4:1 {2}warning/);
  });

  it('prints each compose service with its own findings', async () => {
    const result = await run(['explain', 'compose.yaml', '--fail-on', 'never'], {
      cwd: at('mixed'),
    });
    assert.equal(result.code, 0);
    const web = result.stdout.indexOf('service web of compose.yaml');
    const worker = result.stdout.indexOf('service worker of compose.yaml');
    assert.ok(web >= 0 && worker > web, result.stdout);
    const workerPart = result.stdout.slice(worker);
    assert.match(workerPart, /compose\.yaml:6:24 {2}error/);
    assert.doesNotMatch(result.stdout.slice(web, worker), /shell-operators-without-shell/);
  });

  it('exits 2 for a folder', async () => {
    const result = await run(['explain', 'warnings'], { cwd: FIXTURES });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /warnings: is a folder/);
  });
});
