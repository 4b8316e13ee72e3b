import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ContainerDriver,
  DemoError,
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
  scenario,
  writeDockerfile,
} from './helpers';

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

const suiteStarted = Date.now();

describe('the demo on a real engine', { concurrency: 6 }, () => {
  before(() => buildTestImages());

  it('with-fixes: an exec-form fix of a handler app stops fast with 0 where dash shell form is killed', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD node /app/handler.js\n');
    const report = await demo({
      dockerfile,
      fixedDockerfileText: 'FROM pid1t:dash\nCMD ["node", "/app/handler.js"]\n',
    });
    const asWritten = scenario(report, 'as-written');
    const fixed = scenario(report, 'with-fixes');

    assert.deepEqual(
      report.scenarios.map((s) => s.name),
      ['as-written', 'under-init', 'with-fixes'],
    );
    assert.equal(asWritten.killed, true);
    assert.match(asWritten.verdict, /shell stayed PID 1/);
    assert.equal(fixed.pid1, 'node /app/handler.js');
    assert.equal(fixed.exitCode, 0);
    assert.equal(fixed.killed, false);
    assert.ok(fixed.stopSeconds !== null && fixed.stopSeconds < FAST_STOP_MAX);
    assert.ok(handlerRan(fixed), 'the handler ran in the fixed image');
    assert.match(fixed.verdict, /handled SIGTERM/);
  });

  it('with-fixes: for an app without a handler the fix alone is not enough, and the verdict says so', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD node /app/app.js\n');
    const report = await demo({
      dockerfile,
      fixedDockerfileText: 'FROM pid1t:dash\nCMD ["node", "/app/app.js"]\n',
    });
    const fixed = scenario(report, 'with-fixes');

    assert.equal(fixed.pid1, 'node /app/app.js');
    assert.equal(fixed.exitCode, 137);
    assert.equal(fixed.killed, true);
    assert.ok(fixed.stopSeconds! >= KILLED_RANGE.min && fixed.stopSeconds! <= KILLED_RANGE.max);
    assert.match(fixed.verdict, /The app itself needs a SIGTERM handler/);
    assert.equal(report.gracefulAsWritten, false);
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
      /^Stopped on SIGTERM in 0\.\d\d s and exited 0: the app handled SIGTERM\.$/,
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

describe('failures, cancel and clean-up', () => {
  before(() => buildTestImages());

  it('cancel during the stop returns at once and leaves no container or image behind', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD node /app/app.js\n');
    const run = runDemo(demoOptions({ dockerfile }), {
      signal: controller.signal,
      onProgress: (message) => {
        if (abortedAt === 0 && /stopping/.test(message)) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });

    const error = await demoError(run);
    const seconds = (Date.now() - abortedAt) / 1000;

    assert.equal(error.kind, 'cancelled');
    assert.ok(abortedAt > 0, 'the run reached the stop');
    assert.ok(seconds < GRACE, `cancel took ${seconds} s, longer than the grace period`);
    assert.deepEqual(labelledLeftovers(), { containers: [], images: [] });
  });

  it('cancel while the containers are being created still removes them', async () => {
    const controller = new AbortController();
    const run = runDemo(demoOptions({ image: 'pid1t:dash' }), {
      signal: controller.signal,
      onProgress: (message) => {
        // "starting" comes just before `docker run`; the abort lands while that call is in flight.
        if (/starting/.test(message)) setTimeout(() => controller.abort(), 100);
      },
    });

    assert.equal((await demoError(run)).kind, 'cancelled');
    assert.deepEqual(labelledLeftovers(), { containers: [], images: [] });
  });

  it('a failed build is its own error, with the builder output, and leaves nothing behind', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nRUN exit 7\n');
    const error = await demoError(demo({ dockerfile }));

    assert.equal(error.kind, 'build-failed');
    assert.match(error.message, /returned a non-zero code: 7/);
    assert.deepEqual(labelledLeftovers(), { containers: [], images: [] });
  });

  it('an image that is not on the engine is named, and nothing is pulled', async () => {
    const error = await demoError(demo({ image: 'pid1t:no-such-tag' }));

    assert.equal(error.kind, 'image-not-found');
    assert.match(error.message, /pid1t:no-such-tag is not on this engine/);
  });

  it('refuses an image reference that is not valid before running anything', async () => {
    for (const image of ['Upper/Case', '-v', 'name with space', 'a:b:c', '']) {
      const error = await demoError(demo({ image }));
      assert.equal(error.kind, 'invalid-image', image);
    }
  });

  it('an unreachable daemon gives daemon-not-running', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pid1-nodaemon-'));
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

  it('the start-up sweep removes leftovers carrying the label, and nothing else', async () => {
    const keep = docker('run', '-d', '--network', 'none', 'pid1t:dash').trim();
    const leftover = docker(
      'run',
      '-d',
      '--network',
      'none',
      '--label',
      'pid1-doctor=1',
      '--label',
      'pid1-doctor.run=crashed',
      'pid1t:dash',
    ).trim();
    try {
      const result = await sweep(new ContainerDriver({ path: DOCKER_CLI }));

      assert.deepEqual(result.containers, [leftover]);
      assert.deepEqual(labelledLeftovers(), { containers: [], images: [] });
      assert.equal(docker('inspect', '-f', '{{.State.Running}}', keep).trim(), 'true');
    } finally {
      docker('rm', '-f', keep);
    }
  });
});

after(() => {
  process.stderr.write(`demo.test: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s\n`);
});
