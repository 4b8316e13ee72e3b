import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as facts from './facts';
import {
  buildTestImages,
  demo,
  FAST_STOP_MAX,
  GRACE,
  handlerRan,
  KILLED_RANGE,
  scenario,
  writeDockerfile,
} from './helpers';

const SHELLS: facts.TestShell[] = ['dash', 'bash', 'busybox'];

/** Asserts a stop that needed SIGKILL after the grace period. */
function assertKilled(s: { stopSeconds: number | null; exitCode: number; killed: boolean }): void {
  assert.equal(s.exitCode, 137);
  assert.equal(s.killed, true);
  assert.ok(s.stopSeconds !== null, 'the container was stopped');
  assert.ok(
    s.stopSeconds >= KILLED_RANGE.min && s.stopSeconds <= KILLED_RANGE.max,
    `stop took ${s.stopSeconds} s, expected about the ${GRACE} s grace`,
  );
}

/** Asserts a stop well within the grace period. */
function assertFast(s: { stopSeconds: number | null; killed: boolean }, max = FAST_STOP_MAX): void {
  assert.equal(s.killed, false);
  assert.ok(s.stopSeconds !== null && s.stopSeconds < max, `stop took ${s.stopSeconds} s`);
}

// Each test runs its own containers in parallel with the others: the suite takes a few grace
// periods, not one per test.
describe('measured PID 1 facts (the source of truth for the rules)', { concurrency: 6 }, () => {
  before(() => buildTestImages());

  it('node without a SIGTERM handler as PID 1 needs SIGKILL; under --init it stops fast with 143', async () => {
    const report = await demo({ image: 'pid1t:dash', command: ['node', '/app/app.js'] });
    const asWritten = scenario(report, 'as-written');
    const underInit = scenario(report, 'under-init');

    assert.equal(asWritten.pid1, 'node /app/app.js');
    assert.equal(facts.NODE_IGNORES_SIGTERM_AS_PID1, asWritten.killed);
    assertKilled(asWritten);
    assert.equal(underInit.init, 'tini');
    assert.match(underInit.pid1, /^\/sbin\/docker-init -- node \/app\/app\.js$/);
    assertFast(underInit, 1);
    assert.equal(underInit.exitCode, facts.INIT_EXIT_CODE_FOR_UNHANDLED_SIGTERM);
    // What the report tells the reader about each code and each run.
    assert.match(asWritten.exitMeaning, /SIGKILL.*grace period/);
    assert.match(underInit.exitMeaning, /SIGTERM.*tini -e 143 maps it to 0/);
    assert.match(asWritten.verdict, /the app is PID 1 and has no SIGTERM handler/);
    assert.match(underInit.verdict, /the init passed SIGTERM on and the app died of it/);
  });

  it('node with a SIGTERM handler as PID 1 runs it and exits 0', async () => {
    const report = await demo({
      image: 'pid1t:dash',
      command: ['node', '/app/handler.js'],
      scenarios: ['as-written'],
    });
    const s = scenario(report, 'as-written');

    assert.equal(s.pid1, 'node /app/handler.js');
    assert.equal(handlerRan(s), facts.NODE_HANDLER_RUNS_AS_PID1);
    assert.equal(s.exitCode, 0);
    assertFast(s);
    assert.match(s.exitMeaning, /cleanly.*only the log shows/);
  });

  it('tini -e 143 turns the death by SIGTERM into exit 0', async () => {
    const report = await demo({
      image: 'pid1t:dash',
      command: ['/bin/tini', '-e', '143', '--', 'node', '/app/app.js'],
      scenarios: ['as-written'],
    });
    const s = scenario(report, 'as-written');

    assert.equal(s.pid1, '/bin/tini -e 143 -- node /app/app.js');
    assert.equal(s.exitCode, facts.TINI_E143_EXIT_CODE);
    assertFast(s);
  });

  for (const shell of SHELLS) {
    it(`shell-form CMD on pid1t:${shell}: ${facts.SHELL_EXECS_LONE_COMMAND[shell] ? 'node becomes PID 1' : 'sh stays PID 1'}`, async () => {
      const dockerfile = writeDockerfile(`FROM pid1t:${shell}\nCMD node /app/handler.js\n`);
      const report = await demo({ dockerfile, scenarios: ['as-written'] });
      const s = scenario(report, 'as-written');

      const shellIsPid1 = s.pid1 === '/bin/sh -c node /app/handler.js';
      const nodeIsPid1 = s.pid1 === 'node /app/handler.js';
      assert.ok(shellIsPid1 || nodeIsPid1, `unexpected PID 1: ${s.pid1}`);
      assert.equal(nodeIsPid1, facts.SHELL_EXECS_LONE_COMMAND[shell]);
      if (nodeIsPid1) {
        assert.equal(s.exitCode, 0);
        assert.ok(handlerRan(s), 'the handler ran');
        assertFast(s);
      } else {
        assertKilled(s);
        assert.ok(!handlerRan(s), 'the handler never ran');
      }
    });

    it(`sh -c "node ...; echo done" keeps the shell as PID 1 on pid1t:${shell}`, async () => {
      const report = await demo({
        image: `pid1t:${shell}`,
        command: ['/bin/sh', '-c', 'node /app/handler.js; echo done'],
        scenarios: ['as-written'],
      });
      const s = scenario(report, 'as-written');

      assert.equal(
        s.pid1 === '/bin/sh -c node /app/handler.js; echo done',
        facts.SHELL_STAYS_WITH_WORK_LEFT[shell],
      );
      assertKilled(s);
      assert.ok(!handlerRan(s), 'the handler never ran');
    });
  }

  it('a dash shell-form CMD under --init stops fast with 143, but the handler never runs', async () => {
    const dockerfile = writeDockerfile('FROM pid1t:dash\nCMD node /app/handler.js\n');
    const report = await demo({ dockerfile, scenarios: ['under-init'] });
    const s = scenario(report, 'under-init');

    assert.equal(s.pid1, '/sbin/docker-init -- /bin/sh -c node /app/handler.js');
    assert.equal(s.exitCode, 143);
    assertFast(s, 1);
    assert.ok(!handlerRan(s), 'tini signals only the shell; node is killed without its handler');
  });

  it('npm start on pid1t:dash exits 1 without the app\u2019s handler running', async () => {
    const report = await demo({
      image: 'pid1t:dash',
      command: ['npm', 'start'],
      scenarios: ['as-written'],
    });
    const s = scenario(report, 'as-written');

    assert.equal(s.pid1, 'npm start');
    assert.equal(s.exitCode, facts.NPM_START_ON_DASH.exitCode);
    assert.equal(handlerRan(s), facts.NPM_START_ON_DASH.appHandlerRuns);
    // npm waits about half a second after its child's signal death before exiting (0.56-0.80 s measured).
    assert.ok(
      s.stopSeconds !== null && s.stopSeconds >= 0.3 && s.stopSeconds < 2,
      `stop took ${s.stopSeconds} s`,
    );
    assert.match(s.verdict, /package manager/);
  });

  it('npm start on pid1t:busybox reaches the app: the handler runs, exit 0', async () => {
    const report = await demo({
      image: 'pid1t:busybox',
      command: ['npm', 'start'],
      scenarios: ['as-written'],
    });
    const s = scenario(report, 'as-written');

    assert.equal(s.exitCode, 0);
    assert.ok(handlerRan(s), 'the handler ran');
    assertFast(s);
  });

  for (const shell of SHELLS) {
    it(`an entrypoint script without exec keeps the shell as PID 1 on pid1t:${shell}; with exec node is PID 1`, async () => {
      const [without, withExec] = await Promise.all(
        ['/entry-noexec.sh', '/entry-exec.sh'].map((entry) =>
          demo({
            image: `pid1t:${shell}`,
            entrypoint: [entry],
            command: ['node', '/app/handler.js'],
            scenarios: ['as-written'],
          }).then((r) => scenario(r, 'as-written')),
        ),
      );

      assert.equal(
        without.pid1 === '/bin/sh /entry-noexec.sh node /app/handler.js',
        facts.SCRIPT_WITHOUT_EXEC_KEEPS_SHELL,
      );
      assertKilled(without);
      assert.ok(!handlerRan(without), 'the handler never ran behind the script');
      assert.equal(withExec.pid1, 'node /app/handler.js');
      assert.equal(withExec.exitCode, 0);
      assert.ok(handlerRan(withExec), 'the handler ran');
      assertFast(withExec);
    });
  }

  it('node as PID 1 leaves orphans as zombies; under --init there are none', async () => {
    const report = await demo({ image: 'pid1t:dash', command: ['node', '/app/zombie.js'] });
    const asWritten = scenario(report, 'as-written');
    const underInit = scenario(report, 'under-init');

    // zombie.js makes 50 orphans and prints "ready" 1.5 s after the last, when all have ended.
    assert.ok(
      asWritten.zombies !== null && asWritten.zombies >= 40 && asWritten.zombies <= 50,
      `zombies: ${asWritten.zombies}`,
    );
    assert.equal(asWritten.zombies > 0, !facts.NODE_REAPS_ORPHANS_AS_PID1);
    assert.equal(underInit.zombies, 0);
    // zombie.js handles SIGTERM, so both stop fast with 0.
    assert.equal(asWritten.exitCode, 0);
    assert.equal(underInit.exitCode, 0);
  });
});
