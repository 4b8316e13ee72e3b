import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { demoCommand } from '../../src/cli/demo';
import {
  buildTestImages,
  DOCKER_CLI,
  GRACE,
  labelledLeftovers,
  tempFolder,
  writeDockerfile,
} from './helpers';

/** Runs `pid1-doctor demo ...args` in-process and collects what it printed. */
async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await demoCommand(
    [...args, '--cli-path', DOCKER_CLI, '--ready-pattern', '^ready$', '--grace', String(GRACE)],
    {
      stdout: (s) => (stdout += s),
      stderr: { write: (s) => (stderr += s) },
      cwd: process.cwd(),
      env,
    },
  );
  return { code, stdout, stderr };
}

// DESIGN.md's demo JSON, field by field and in order; the report may add fields after these.
const REPORT_FIELDS = ['version', 'image', 'grace', 'scenarios'];
const SCENARIO_FIELDS = [
  'name',
  'init',
  'pid1',
  'stopSeconds',
  'exitCode',
  'killed',
  'oom',
  'zombies',
  'logTail',
  'verdict',
];

describe('pid1-doctor demo', { concurrency: 4 }, () => {
  before(() => buildTestImages());

  it('prints the JSON of DESIGN.md and exits 1 when the image needs SIGKILL', async () => {
    const { code, stdout } = await cli(['pid1t:dash', '--format', 'json']);
    const report = JSON.parse(stdout) as Record<string, unknown> & {
      scenarios: Record<string, unknown>[];
    };

    assert.equal(code, 1);
    assert.deepEqual(Object.keys(report).slice(0, REPORT_FIELDS.length), REPORT_FIELDS);
    assert.equal(report.version, 1);
    assert.equal(report.image, 'pid1t:dash');
    assert.equal(report.grace, GRACE);
    assert.deepEqual(
      report.scenarios.map((s) => s.name),
      ['as-written', 'under-init'],
    );
    for (const s of report.scenarios) {
      assert.deepEqual(Object.keys(s).slice(0, SCENARIO_FIELDS.length), SCENARIO_FIELDS);
      assert.equal(typeof s.stopSeconds, 'number');
      assert.equal(typeof s.zombies, 'number');
      assert.ok(Array.isArray(s.logTail));
    }
    const [asWritten, underInit] = report.scenarios;
    assert.equal(asWritten.init, null);
    assert.equal(asWritten.killed, true);
    assert.equal(asWritten.exitCode, 137);
    assert.equal(underInit.init, 'tini');
    assert.equal(underInit.exitCode, 143);
  });

  it('exits 0 for a Dockerfile whose app stops on SIGTERM, and says so in text', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:busybox\nCMD ["node", "/app/handler.js"]\n');
    const { code, stdout } = await cli([dockerfile]);

    assert.equal(code, 0);
    assert.match(stdout, /^SIGTERM demo of .*Dockerfile \(grace 3 s, docker\)$/m);
    assert.match(stdout, /^This image stops gracefully as written/m);
  });

  it('takes a folder holding a Dockerfile, and passes --run-arg through to docker run', async () => {
    // inthandler.js handles only SIGINT: it stops cleanly only if --stop-signal reached docker run.
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD ["node", "/app/inthandler.js"]\n');
    const { code, stdout } = await cli([
      path.dirname(dockerfile),
      '--format=json',
      '--run-arg',
      '--stop-signal=SIGINT',
    ]);
    const asWritten = JSON.parse(stdout).scenarios[0];

    assert.equal(code, 0, stdout);
    assert.equal(asWritten.stopSignal, 'SIGINT');
    assert.equal(asWritten.exitCode, 0);
  });

  it('adds a with-fixes run for a Dockerfile with fixable findings; the exit code still judges the file as written', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD node /app/handler.js\n');
    const { code, stdout } = await cli([dockerfile, '--format', 'json']);
    const report = JSON.parse(stdout) as {
      scenarios: { name: string; exitCode: number; killed: boolean; fixes?: string[] }[];
    };
    const byName = new Map(report.scenarios.map((s) => [s.name, s]));

    assert.equal(code, 1);
    assert.deepEqual([...byName.keys()], ['as-written', 'under-init', 'with-fixes']);
    assert.equal(byName.get('as-written')!.killed, true);
    assert.equal(byName.get('with-fixes')!.exitCode, 0);
    assert.deepEqual(byName.get('with-fixes')!.fixes, ['Convert to exec form']);
    // --no-fixes leaves it out.
    const without = await cli([dockerfile, '--format', 'json', '--no-fixes']);
    assert.deepEqual(
      (JSON.parse(without.stdout) as { scenarios: { name: string }[] }).scenarios.map(
        (s) => s.name,
      ),
      ['as-written', 'under-init'],
    );
  });

  it('exits 1 for an image that stops fast but not with 0 (npm start on dash)', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD ["npm", "start"]\n');
    const { code, stdout } = await cli([dockerfile, '--format', 'json']);

    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).scenarios[0].exitCode, 1);
  });

  it('exits 2 with a message for a bad image name, a missing image, a bad flag, a failed build', async () => {
    const cases: [string[], RegExp][] = [
      [['Not/A Valid:Name'], /is not a valid image reference/],
      [['pid1t:missing'], /pid1t:missing is not on this engine/],
      [['pid1t:dash', '--format', 'yaml'], /--format must be text or json/],
      [['pid1t:dash', '--grace', '2.5'], /--grace takes whole seconds/],
      [[writeDockerfile('FROM pid1t:dash\nRUN exit 3\n')], /Building .* failed/],
      [[], /needs an IMAGE or a DOCKERFILE/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '', args.join(' '));
      assert.match(stderr, message, args.join(' '));
    }
  });

  it('exits 2 when no daemon answers', async () => {
    const dir = tempFolder('pid1-nodaemon-');
    const env = { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'docker.sock')}` };
    const { code, stderr } = await cli(['pid1t:dash'], env);

    assert.equal(code, 2);
    assert.match(stderr, /container engine is not running/);
  });
});

describe('after the CLI runs', () => {
  it('no container or image of the demo is left', () => {
    assert.deepEqual(labelledLeftovers(), { containers: [], images: [] });
  });
});
