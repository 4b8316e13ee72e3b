import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import {
  ContainerDriver,
  DemoError,
  fixedDockerfile,
  initFromPid1,
  ownerId,
  renderHtml,
  renderMarkdown,
  renderText,
  runDemo,
  sweep,
} from '../../src/demo';
import {
  buildTestImages,
  demo,
  demoOptions,
  docker,
  DOCKER_CLI,
  FAST_STOP_MAX,
  GRACE,
  handlerRan,
  KILLED_RANGE,
  labelledLeftovers,
  REPO,
  runLeftovers,
  scenario,
  testRunId,
  tempFolder,
  writeDockerfile,
} from './helpers';
import { diskReader } from '../../src/host/disk-reader';

/** Resolves with the DemoError a promise rejects with; fails when it resolves. */
async function demoError(promise: Promise<unknown>): Promise<DemoError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DemoError, `expected a DemoError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the demo to fail');
}

/**
 * Writes a Dockerfile and asks the rules for its fixes, as the editor and the CLI do; fails when
 * the rules offer no fix that builds without a download.
 */
function withFixes(
  text: string,
  others: Record<string, string> = {},
): { dockerfile: string; fixed: { text: string; fixes: string[] } } {
  const dockerfile = writeDockerfile(text, others);
  const fixed = fixedDockerfile(dockerfile, text, diskReader());
  assert.ok(fixed, `the rules offer no usable fix for:\n${text}`);
  return { dockerfile, fixed };
}

const suiteStarted = Date.now();

describe('the demo on a real engine', { concurrency: 6 }, () => {
  before(() => buildTestImages());

  it('with-fixes: the rules\u2019 exec-form fix of a handler app stops fast with 0 where dash shell form is killed', async () => {
    const { dockerfile, fixed } = withFixes('FROM pid1t:dash\nCMD node /app/handler.js\n');
    assert.deepEqual(fixed.fixes, ['Convert to exec form']);
    const report = await demo({
      dockerfile,
      fixedDockerfileText: fixed.text,
      fixTitles: fixed.fixes,
    });
    const asWritten = scenario(report, 'as-written');
    const withFix = scenario(report, 'with-fixes');

    assert.deepEqual(
      report.scenarios.map((s) => s.name),
      ['as-written', 'under-init', 'with-fixes'],
    );
    assert.equal(asWritten.killed, true);
    assert.match(asWritten.verdict, /shell stayed PID 1/);
    assert.equal(withFix.pid1, 'node /app/handler.js');
    assert.equal(withFix.exitCode, 0);
    assert.equal(withFix.killed, false);
    assert.ok(withFix.stopSeconds !== null && withFix.stopSeconds < FAST_STOP_MAX);
    assert.ok(handlerRan(withFix), 'the handler ran in the fixed image');
    assert.match(withFix.verdict, /handled SIGTERM/);
    assert.deepEqual(withFix.fixes, ['Convert to exec form']);
    assert.match(renderText(report), /fixes applied: Convert to exec form/);
  });

  it('with-fixes: exec inserted before the last command of a dash `&&` list reaches the handler', async () => {
    const { dockerfile, fixed } = withFixes(
      'FROM pid1t:dash\nCMD echo start && node /app/handler.js\n',
    );
    assert.match(fixed.text, /^CMD echo start && exec node \/app\/handler\.js$/m);
    const report = await demo({
      dockerfile,
      fixedDockerfileText: fixed.text,
      fixTitles: fixed.fixes,
    });
    const asWritten = scenario(report, 'as-written');
    const withFix = scenario(report, 'with-fixes');

    assert.equal(asWritten.pid1, '/bin/sh -c echo start && node /app/handler.js');
    assert.equal(asWritten.killed, true);
    assert.equal(withFix.pid1, 'node /app/handler.js');
    assert.equal(withFix.exitCode, 0);
    assert.ok(handlerRan(withFix), 'the handler ran in the fixed image');
  });

  it('with-fixes: npm start replaced by the node command it runs stops fast with 0 where npm exits 1', async () => {
    const { dockerfile, fixed } = withFixes(
      'FROM pid1t:dash\nWORKDIR /app\nCOPY package.json ./\nCMD ["npm", "start"]\n',
      { 'package.json': fs.readFileSync(path.join(REPO, 'test/docker/apps/package.json'), 'utf8') },
    );
    assert.match(fixed.text, /^CMD \["node", "handler\.js"\]$/m);
    const report = await demo({
      dockerfile,
      fixedDockerfileText: fixed.text,
      fixTitles: fixed.fixes,
      scenarios: ['as-written', 'with-fixes'],
    });
    const asWritten = scenario(report, 'as-written');
    const withFix = scenario(report, 'with-fixes');

    assert.equal(asWritten.exitCode, 1);
    assert.ok(!handlerRan(asWritten), 'behind npm on dash the handler never ran');
    assert.equal(withFix.pid1, 'node handler.js');
    assert.equal(withFix.exitCode, 0);
    assert.ok(handlerRan(withFix), 'the handler ran once node was PID 1');
  });

  it('with-fixes: for an app without a handler the fix alone is not enough, and the verdict says so', async () => {
    const { dockerfile, fixed } = withFixes('FROM pid1t:dash\nCMD node /app/app.js\n');
    const report = await demo({
      dockerfile,
      fixedDockerfileText: fixed.text,
      fixTitles: fixed.fixes,
    });
    const withFix = scenario(report, 'with-fixes');

    assert.equal(withFix.pid1, 'node /app/app.js');
    assert.equal(withFix.exitCode, 137);
    assert.equal(withFix.killed, true);
    assert.ok(
      withFix.stopSeconds! >= KILLED_RANGE.min && withFix.stopSeconds! <= KILLED_RANGE.max,
      `stop took ${withFix.stopSeconds} s`,
    );
    assert.match(withFix.verdict, /The app itself needs a SIGTERM handler/);
    assert.equal(scenario(report, 'under-init').exitCode, 143);
    assert.equal(report.gracefulAsWritten, false);
  });

  it('reports a container the kernel killed for memory as OOM, not as a failed stop', async () => {
    const report = await demo({
      image: 'pid1t:dash',
      command: [
        'node',
        '-e',
        'console.log("ready"); const a = []; setInterval(() => a.push(Buffer.alloc(8 << 20, 1)), 20);',
      ],
      memory: '64m',
      scenarios: ['as-written'],
    });
    const s = scenario(report, 'as-written');

    assert.equal(s.oom, true);
    assert.equal(s.exitCode, 137);
    assert.equal(s.killed, false, 'an OOM kill is not a SIGKILL after the grace period');
    assert.match(s.verdict, /ran out of memory/);
    assert.match(report.summary, /ran out of memory/);
  });

  it('says plainly that a well-behaved image is fine, inventing no problem', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD ["node", "/app/handler.js"]\n');
    const report = await demo({ dockerfile });

    assert.equal(report.gracefulAsWritten, true);
    assert.match(report.summary, /^This image stops gracefully as written/);
    for (const s of report.scenarios) {
      assert.equal(s.exitCode, 0, s.name);
      assert.equal(s.killed, false, s.name);
      assert.equal(s.zombies, 0, s.name);
      assert.ok(handlerRan(s), `${s.name}: the handler ran`);
      assert.doesNotMatch(s.verdict, /did nothing|needs|failure|failed/, s.name);
    }
    assert.match(
      scenario(report, 'as-written').verdict,
      /^Stopped on SIGTERM in \d+\.\d\d s and exited 0: the app handled SIGTERM\.$/,
    );
  });

  it('reports an app that exits by itself before the stop', async () => {
    const report = await demo({
      image: 'pid1t:dash',
      command: ['node', '-e', 'console.log("bye"); process.exit(3)'],
      scenarios: ['as-written'],
      readyTimeoutSeconds: 20,
    });
    const s = scenario(report, 'as-written');

    assert.equal(s.exitedBeforeStop, true);
    assert.equal(s.stopSeconds, null);
    assert.equal(s.exitCode, 3);
    assert.deepEqual(s.logTail, ['bye']);
    assert.match(s.verdict, /exited by itself \(exit 3\)/);
    assert.equal(report.gracefulAsWritten, false);
  });

  it('honours the image STOPSIGNAL and names it in the verdict', async () => {
    const dockerfile = writeDockerfile(
      'FROM pid1t:dash\nSTOPSIGNAL SIGINT\nCMD ["node", "/app/inthandler.js"]\n',
    );
    const report = await demo({ dockerfile, scenarios: ['as-written'] });
    const s = scenario(report, 'as-written');

    assert.equal(s.stopSignal, 'SIGINT');
    assert.equal(s.exitCode, 0);
    assert.match(s.verdict, /^Stopped on SIGINT/);
  });

  it('renders a real report as text, Markdown and a webview page with a strict policy', async () => {
    const report = await demo({ image: 'pid1t:dash', command: ['node', '/app/app.js'] });
    const html = renderHtml(report, { cspSource: 'vscode-webview://test', nonce: 'n0nce42' });
    const text = renderText(report);
    const markdown = renderMarkdown(report);

    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src vscode-webview:\/\/test &#39;nonce-n0nce42&#39;; script-src &#39;nonce-n0nce42&#39;;/,
    );
    // Inline style attributes and scripts without the nonce would be blocked by that policy.
    assert.doesNotMatch(html, /\sstyle="/);
    assert.equal(
      (html.match(/<script\b/g) ?? []).length,
      (html.match(/<script nonce="n0nce42">/g) ?? []).length,
    );
    assert.equal((html.match(/<section class="scenario /g) ?? []).length, 2);
    assert.match(html, /<svg class="timeline"/);
    assert.match(html, /id="copy-markdown"/);
    assert.match(html, /var\(--vscode-foreground\)/);
    assert.match(text, /SIGKILL needed\s+yes\s+no/);
    assert.match(markdown, /^\| \| as-written \| under-init \|$/m);
    assert.match(markdown, /^\| exit code \| 137 \| 143 \|$/m);
  });
});

// Each test checks only its own run's leftovers, so they can run side by side.
describe('failures, cancel and clean-up', { concurrency: 4 }, () => {
  before(() => buildTestImages());

  it('cancel during the stop returns at once and leaves no container or image behind', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD node /app/app.js\n');
    const runId = testRunId();
    let created = 0;
    const run = runDemo(demoOptions({ dockerfile, runId }), {
      signal: controller.signal,
      onProgress: (message) => {
        if (abortedAt === 0 && /stopping/.test(message)) {
          created = runLeftovers(runId).containers.length;
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });

    const error = await demoError(run);
    const seconds = (Date.now() - abortedAt) / 1000;

    assert.equal(error.kind, 'cancelled', error.message);
    assert.ok(abortedAt > 0, 'the run reached the stop');
    assert.ok(seconds < GRACE, `cancel took ${seconds} s, longer than the grace period`);
    assert.ok(created >= 1, 'the run had containers when it was cancelled');
    assert.deepEqual(runLeftovers(runId), { containers: [], images: [] });
  });

  it('cancel while the containers are being created still removes them', async () => {
    const controller = new AbortController();
    const runId = testRunId();
    const run = runDemo(demoOptions({ image: 'pid1t:dash', runId }), {
      signal: controller.signal,
      onProgress: (message) => {
        // "starting" comes just before `docker run`; the abort lands while that call is in flight.
        if (/starting/.test(message)) setTimeout(() => controller.abort(), 100);
      },
    });

    assert.equal((await demoError(run)).kind, 'cancelled');
    assert.deepEqual(runLeftovers(runId), { containers: [], images: [] });
  });

  it('a failed build is its own error, with the builder output, and leaves nothing behind', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nRUN exit 7\n');
    const runId = testRunId();
    const error = await demoError(demo({ dockerfile, runId }));

    assert.equal(error.kind, 'build-failed');
    assert.match(error.message, /returned a non-zero code: 7/);
    assert.deepEqual(runLeftovers(runId), { containers: [], images: [] });
  });

  it('an image that is not on the engine is named, and nothing is pulled', async () => {
    const error = await demoError(demo({ image: 'pid1t:no-such-tag' }));

    assert.equal(error.kind, 'image-not-found');
    assert.match(error.message, /pid1t:no-such-tag is not on this engine/);
  });

  it('refuses an image reference that is not valid before running anything', async () => {
    for (const image of ['Upper/Case', '-v', 'name with space', 'a:b:c', '', 'x;rm -rf /']) {
      // A CLI that does not exist: had the name reached it, the error would be not-installed.
      const error = await demoError(demo({ image, cliPath: '/nonexistent/bin/docker' }));
      assert.equal(error.kind, 'invalid-image', image);
    }
  });

  it('an unreachable daemon gives daemon-not-running', async () => {
    const dir = tempFolder('pid1-nodaemon-');
    const env = { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'docker.sock')}` };
    const error = await demoError(demo({ image: 'pid1t:dash', env }));

    assert.equal(error.kind, 'daemon-not-running');
    assert.match(error.message, /Cannot connect to the Docker daemon/);
  });

  it('a missing CLI gives not-installed, naming where it looked', async () => {
    const error = await demoError(
      demo({ image: 'pid1t:dash', cliPath: '/nonexistent/bin/docker' }),
    );

    assert.equal(error.kind, 'not-installed');
    assert.match(error.message, /\/nonexistent\/bin\/docker was not found/);
  });

  it('the start-up sweep removes leftovers of a crashed run, and keeps live runs and unlabelled containers', async () => {
    // The pid of a process that has ended stands for a crashed demo.
    const dead = spawnSync('true').pid;
    const labels = (owner: string) => [
      '--label',
      'pid1-doctor=1',
      '--label',
      `pid1-doctor.run=${testRunId()}`,
      '--label',
      `pid1-doctor.owner=${owner}`,
    ];
    const run = (...args: string[]) =>
      docker('run', '-d', '--network', 'none', ...args, 'pid1t:dash').trim();
    const keep = run();
    const live = run(...labels(ownerId()));
    const leftover = run(...labels(ownerId().replace(/:\d+$/, `:${dead}`)));
    try {
      const result = await sweep(new ContainerDriver({ path: DOCKER_CLI }));

      assert.ok(
        result.containers.includes(leftover),
        'the crashed run\u2019s container was removed',
      );
      assert.ok(!result.containers.includes(live), 'a live run\u2019s container was kept');
      assert.ok(!result.containers.includes(keep));
      assert.equal(docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${leftover}`).trim(), '');
      assert.equal(docker('inspect', '-f', '{{.State.Running}}', live).trim(), 'true');
      assert.equal(docker('inspect', '-f', '{{.State.Running}}', keep).trim(), 'true');
    } finally {
      docker('rm', '-f', keep, live);
    }
  });

  it('names the init --init really started: tini in Docker, catatonit in Podman', () => {
    assert.equal(initFromPid1('/sbin/docker-init -- node /app/app.js', 'docker'), 'tini');
    assert.equal(initFromPid1('/run/podman-init -- node /app/app.js', 'podman'), 'catatonit');
    assert.equal(
      initFromPid1('/usr/libexec/podman/catatonit -- node app.js', 'podman'),
      'catatonit',
    );
    // PID 1 unreadable: the CLI's own --init.
    assert.equal(initFromPid1('', 'podman'), 'catatonit');
    assert.equal(initFromPid1('', 'docker'), 'tini');
  });
});

describe('after the demo tests', () => {
  it('no container or image this process made with the demo\u2019s labels is left', () => {
    assert.deepEqual(labelledLeftovers(), { containers: [], images: [] });
  });
});

after(() => {
  process.stderr.write(`demo.test: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s\n`);
});
