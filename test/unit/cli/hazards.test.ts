/* eslint-disable no-control-regex -- these tests look for control characters in the output */
/**
 * Files that are not what a Dockerfile should be (pipes, devices, huge files), file text that
 * would drive the terminal, and the smaller CLI contract defects found by testing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diskReader, MAX_FILE_BYTES, readRegularFile } from '../../../src/host/disk-reader';
import { jsonReport } from '../../../src/cli/demo';
import { escapeControls } from '../../../src/cli/present/escape';
import { buildReport, renderJson, type ScenarioOutcome } from '../../../src/demo/report';
import { run, scratch } from './helpers';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const DOCKERFILE = 'FROM node:20\nCMD ["node", "app.js"]\n';

/** Runs the CLI as a real process, killed after a few seconds so a hang fails the test. */
function spawnCli(args: string[], cwd: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: {},
    timeout: 10_000,
    maxBuffer: 1024 * 1024,
  });
  assert.equal(result.signal, null, `killed by ${result.signal}: the CLI hung (${args.join(' ')})`);
  return { status: result.status, stderr: result.stderr };
}

function mkfifo(file: string): void {
  const made = spawnSync('mkfifo', [file]);
  assert.equal(made.status, 0, 'mkfifo failed');
}

describe('files named on the command line: regular files only, with a size limit', () => {
  for (const command of [['check'], ['explain'], ['check', '--fix'], ['demo']]) {
    it(`${command.join(' ')} refuses a named pipe at once with exit 2`, () => {
      const tree = scratch({});
      try {
        mkfifo(path.join(tree.dir, 'Dockerfile'));
        const result = spawnCli([...command, 'Dockerfile'], tree.dir);
        assert.equal(result.status, 2, result.stderr);
        assert.match(result.stderr, /Dockerfile: is a named pipe \(FIFO\), not a regular file/);
      } finally {
        tree.remove();
      }
    });
  }

  it('check refuses a link to /dev/zero, and still checks the other files', () => {
    const tree = scratch({ 'b/Dockerfile': DOCKERFILE });
    try {
      fs.mkdirSync(path.join(tree.dir, 'a'));
      fs.symlinkSync('/dev/zero', path.join(tree.dir, 'a', 'Dockerfile'));
      const result = spawnSync(
        process.execPath,
        [CLI, 'check', '--format', 'json', 'a/Dockerfile', 'b/Dockerfile'],
        { cwd: tree.dir, encoding: 'utf8', env: {}, timeout: 10_000 },
      );
      assert.equal(result.signal, null, 'the CLI hung reading /dev/zero');
      assert.equal(result.status, 2, result.stderr);
      assert.equal(
        result.stderr,
        'pid1-doctor: a/Dockerfile: is a character device, not a regular file\n',
      );
      const files = JSON.parse(result.stdout).files as { path: string }[];
      assert.deepEqual(
        files.map((f) => f.path),
        ['b/Dockerfile'],
      );
    } finally {
      tree.remove();
    }
  });

  it('check and explain refuse a file over the size limit without reading it', async () => {
    const tree = scratch({});
    try {
      // Sparse: 300 MB on paper, nothing on disk.
      const big = path.join(tree.dir, 'Dockerfile');
      fs.writeFileSync(big, 'FROM node:20\nCMD node app.js ');
      fs.truncateSync(big, 300 * 1024 * 1024);
      for (const command of ['check', 'explain']) {
        const result = await run([command, 'Dockerfile'], { cwd: tree.dir });
        assert.equal(result.code, 2, result.stderr);
        assert.match(
          result.stderr,
          /^pid1-doctor: Dockerfile: is too big to check \(300\.0 MiB; the limit is 2\.0 MiB\)\n/,
        );
      }
    } finally {
      tree.remove();
    }
  });

  it('a file just at the limit is still checked', async () => {
    const tree = scratch({});
    try {
      const text = DOCKERFILE + '#'.repeat(MAX_FILE_BYTES - DOCKERFILE.length - 1) + '\n';
      fs.writeFileSync(path.join(tree.dir, 'Dockerfile'), text);
      const result = await run(['check', 'Dockerfile'], { cwd: tree.dir });
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /missing-init/);
    } finally {
      tree.remove();
    }
  });

  it('a named pipe inside a walked folder (as .gitignore or Dockerfile) is passed over', () => {
    const tree = scratch({ 'app/Dockerfile': DOCKERFILE });
    try {
      mkfifo(path.join(tree.dir, '.gitignore'));
      mkfifo(path.join(tree.dir, 'Dockerfile'));
      const result = spawnCli(['check', '.'], tree.dir);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr, '');
    } finally {
      tree.remove();
    }
  });

  it('a .pid1-doctor.json that is a named pipe is an error, not a hang', () => {
    const tree = scratch({ Dockerfile: DOCKERFILE });
    try {
      mkfifo(path.join(tree.dir, '.pid1-doctor.json'));
      const result = spawnCli(['check', 'Dockerfile'], tree.dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /\.pid1-doctor\.json: is a named pipe \(FIFO\)/);
    } finally {
      tree.remove();
    }
  });

  it('demo refuses a folder whose Dockerfile is a pipe, before any engine is asked', async () => {
    const tree = scratch({ 'app/': '' });
    try {
      mkfifo(path.join(tree.dir, 'app', 'Dockerfile'));
      const result = await run(['demo', 'app', '--cli-path', '/nonexistent/docker'], {
        cwd: tree.dir,
      });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /app\/Dockerfile: is a named pipe \(FIFO\), not a regular file/);
    } finally {
      tree.remove();
    }
  });
});

describe('readRegularFile and diskReader (the extension reads through them)', () => {
  it('never open a pipe, refuse devices and big files, read ordinary files', () => {
    const tree = scratch({ Dockerfile: `\ufeff${DOCKERFILE}` });
    try {
      const fifo = path.join(tree.dir, 'pipe');
      mkfifo(fifo);
      const reader = diskReader();
      // A blocking open of a pipe with no writer would never return: this line is the test.
      assert.equal(reader.readFile(fifo), undefined);
      assert.equal(reader.readFile('/dev/zero'), undefined);
      assert.equal(reader.readFile(path.join(tree.dir, 'Dockerfile')), DOCKERFILE);
      const small = readRegularFile(path.join(tree.dir, 'Dockerfile'), 10);
      assert.equal(small.ok, false);
      assert.equal(!small.ok && small.reason, 'too-big');
      const pipe = readRegularFile(fifo);
      assert.equal(!pipe.ok && pipe.reason, 'not-regular');
      const missing = readRegularFile(path.join(tree.dir, 'nothing'));
      assert.equal(!missing.ok && missing.reason, 'error');
    } finally {
      tree.remove();
    }
  });
});

describe('control characters in file text are escaped in text output', () => {
  const hostile = 'FROM node:20\nCMD node app.js \u001b]0;pwned\u0007 \u202e\n';

  it('check prints no control character; JSON keeps the text exact', async () => {
    const tree = scratch({ Dockerfile: hostile });
    try {
      const text = await run(['check', 'Dockerfile'], { cwd: tree.dir });
      assert.equal(text.code, 1, text.stderr);
      assert.doesNotMatch(text.stdout, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      assert.match(text.stdout, /\\x1b\]0;pwned\\x07/);
      const json = await run(['check', '--format', 'json', 'Dockerfile'], { cwd: tree.dir });
      const messages = JSON.parse(json.stdout).files[0].findings.map(
        (f: { message: string }) => f.message,
      ) as string[];
      assert.ok(messages.some((m) => m.includes('\u001b]0;pwned\u0007')));
    } finally {
      tree.remove();
    }
  });

  it('check keeps its own colours while escaping the file text', async () => {
    const tree = scratch({ Dockerfile: hostile });
    try {
      const text = await run(['check', 'Dockerfile'], { cwd: tree.dir, tty: true });
      // Only SGR colour sequences remain: ESC always followed by "[...m".
      assert.doesNotMatch(text.stdout, /\u001b(?!\[[0-9;]*m)/);
      assert.doesNotMatch(text.stdout, /\u0007/);
      assert.match(text.stdout, /\\x1b\]0;pwned\\x07/);
    } finally {
      tree.remove();
    }
  });

  it('explain prints no control character, in the chain or the findings', async () => {
    const tree = scratch({ Dockerfile: hostile });
    try {
      const result = await run(['explain', 'Dockerfile'], { cwd: tree.dir });
      assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      assert.match(result.stdout, /pwned\\x07 \\u202e +child/);
      assert.doesNotMatch(result.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    } finally {
      tree.remove();
    }
  });

  it('a file name with an escape sequence is escaped in the report and in errors', async () => {
    const name = 'x\u001b[2JDockerfile';
    const tree = scratch({ [name]: hostile });
    try {
      const result = await run(['check', name], { cwd: tree.dir });
      assert.match(result.stdout, /^x\\x1b\[2JDockerfile:2:1/m);
      const missing = await run(['check', 'gone\u001b[2J'], { cwd: tree.dir });
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr, 'pid1-doctor: gone\\x1b[2J: no such file or folder\n');
    } finally {
      tree.remove();
    }
  });

  it('escapeControls leaves ordinary text and tabs alone', () => {
    assert.equal(escapeControls('node app.js "é" \t ok'), 'node app.js "é" \t ok');
    assert.equal(escapeControls('a\nb\r\u009b'), 'a\\x0ab\\x0d\\x9b');
  });
});

describe('--fix names the files it wrote', () => {
  it('an init: true fix for a Dockerfile finding names compose.yaml', async () => {
    const tree = scratch({
      'web/Dockerfile': DOCKERFILE,
      'compose.yaml': 'services:\n  web:\n    build: web\n',
    });
    try {
      const result = await run(['check', '--fix', '--unsafe-fixes', '--fail-on', 'never'], {
        cwd: tree.dir,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(fs.readFileSync(path.join(tree.dir, 'compose.yaml'), 'utf8'), /init: true/);
      assert.equal(fs.readFileSync(path.join(tree.dir, 'web/Dockerfile'), 'utf8'), DOCKERFILE);
      assert.match(
        result.stdout,
        /^Fixed 1 problem in web\/Dockerfile by editing compose\.yaml: missing-init \(line 2\)$/m,
      );
    } finally {
      tree.remove();
    }
  });

  it('a fix in the finding’s own file keeps the short line', async () => {
    const tree = scratch({ Dockerfile: 'FROM node:20\nCMD node app.js\n' });
    try {
      const result = await run(['check', '--fix', '--fail-on', 'never'], { cwd: tree.dir });
      assert.match(result.stdout, /^Fixed 1 problem in Dockerfile: shell-form \(line 2\)$/m);
    } finally {
      tree.remove();
    }
  });
});

describe('.pid1-doctor.json must be an object', () => {
  for (const [text, got] of [
    ['[]', 'an array'],
    ['null', 'null'],
    ['"off"', 'a string'],
    ['3', 'a number'],
  ]) {
    it(`${text} is rejected with exit 2`, async () => {
      const tree = scratch({ '.pid1-doctor.json': text, Dockerfile: DOCKERFILE });
      try {
        const result = await run(['check', 'Dockerfile'], { cwd: tree.dir });
        assert.equal(result.code, 2);
        assert.equal(
          result.stderr,
          `pid1-doctor: .pid1-doctor.json: must be a JSON object such as {"rules": {"missing-init": "error"}}, not ${got}\n`,
        );
      } finally {
        tree.remove();
      }
    });
  }

  it('{} is accepted (every rule at its default)', async () => {
    const tree = scratch({ '.pid1-doctor.json': '{}', Dockerfile: DOCKERFILE });
    try {
      const result = await run(['check', 'Dockerfile'], { cwd: tree.dir });
      assert.equal(result.code, 1);
      assert.equal(result.stderr, '');
    } finally {
      tree.remove();
    }
  });
});

describe('demo: plain seconds, and no --context for an image', () => {
  const usage = async (args: string[], cwd: string) => {
    // A CLI path that does not exist: any test that got past parsing would fail differently.
    const result = await run(['demo', ...args, '--cli-path', '/nonexistent/docker'], { cwd });
    assert.equal(result.code, 2);
    return result.stderr;
  };

  for (const bad of ['0x10', '1e9', '1e1', ' 5', '+5', '-1', '3601', '2.5', '']) {
    it(`--grace "${bad}" is refused`, async () => {
      const tree = scratch({ Dockerfile: DOCKERFILE });
      try {
        const stderr = await usage([`--grace=${bad}`, 'Dockerfile'], tree.dir);
        assert.match(stderr, /--grace takes whole seconds from 0 to 3600, written in decimal/);
      } finally {
        tree.remove();
      }
    });
  }

  it('--ready-delay takes decimals but not exponents', async () => {
    const tree = scratch({ Dockerfile: DOCKERFILE });
    try {
      const stderr = await usage(['--ready-delay', '1e3', 'Dockerfile'], tree.dir);
      assert.match(stderr, /--ready-delay takes seconds from 0 to 3600/);
    } finally {
      tree.remove();
    }
  });

  it('good values get past parsing (to the missing container CLI)', async () => {
    const tree = scratch({ Dockerfile: DOCKERFILE });
    try {
      const stderr = await usage(
        ['--grace', '0', '--ready-delay', '0.5', '--ready-timeout', '3600', 'Dockerfile'],
        tree.dir,
      );
      assert.doesNotMatch(stderr, /takes/);
      assert.match(stderr, /nonexistent/);
    } finally {
      tree.remove();
    }
  });

  it('--context with an image is refused; with a Dockerfile it is not', async () => {
    const tree = scratch({ Dockerfile: DOCKERFILE, 'ctx/': '' });
    try {
      const image = await usage(['--context', 'ctx', 'node:20'], tree.dir);
      assert.match(
        image,
        /--context is the build context of a Dockerfile, but node:20 is an image/,
      );
      const file = await usage(['--context', 'ctx', 'Dockerfile'], tree.dir);
      assert.doesNotMatch(file, /--context/);
    } finally {
      tree.remove();
    }
  });
});

describe('demo --format json names the image that ran', () => {
  const outcome = (name: 'as-written' | 'under-init', image: string): ScenarioOutcome => ({
    name,
    image,
    init: name === 'under-init' ? 'tini' : null,
    pid1: 'node app.js',
    stopSignal: 'SIGTERM',
    stopSeconds: 0.2,
    exitCode: 0,
    oom: false,
    zombies: 0,
    logTail: [],
    exitedBeforeStop: false,
    notes: [],
  });

  it('for a Dockerfile: the built tag as "image", the Dockerfile as "dockerfile"', () => {
    const tag = 'pid1-doctor-tmp:abc123';
    const report = buildReport('/abs/Dockerfile', 3, 'docker', [
      outcome('as-written', tag),
      outcome('under-init', tag),
    ]);
    const json = JSON.parse(renderJson(jsonReport(report, 'app/Dockerfile')));
    assert.equal(json.image, tag);
    assert.equal(json.dockerfile, 'app/Dockerfile');
    assert.deepEqual(Object.keys(json).slice(0, 4), ['version', 'image', 'grace', 'scenarios']);
  });

  it('for an image: the report as it is, with no "dockerfile"', () => {
    const report = buildReport('node:20', 3, 'docker', [outcome('as-written', 'node:20')]);
    const json = JSON.parse(renderJson(jsonReport(report, undefined)));
    assert.equal(json.image, 'node:20');
    assert.equal('dockerfile' in json, false);
  });
});
