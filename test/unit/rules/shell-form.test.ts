/**
 * shell-form: each folder under test/fixtures/rules/shell-form/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseFixture, ruleChecker } from '../helpers';

const RULE = 'shell-form';

const check = ruleChecker(RULE);

describe('shell-form', () => {
  it('fires on a shell-form CMD on a Debian image (dash keeps PID 1): warning', () => {
    check(
      'debian',
      ['Dockerfile:4:1-4:19 missing-init warning', 'Dockerfile:4:1-4:19 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('is info on an Alpine image, whose BusyBox ash execs a lone command', () => {
    check(
      'alpine',
      ['Dockerfile:4:1-4:19 missing-init warning', 'Dockerfile:4:1-4:19 shell-form info'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js"; the image\'s /bin/sh (BusyBox ash) execs the last command, so node still becomes PID 1. Exec form keeps it that way whatever the shell and whatever is added to the line.',
      ],
    );
  });

  it('lands in the Dockerfile a compose service builds; the service carries no copy', () => {
    check(
      'compose-build',
      ['Dockerfile:2:1-2:19 missing-init warning', 'Dockerfile:2:1-2:19 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('follows the build target a compose service chooses, in a non-final stage', () => {
    check(
      'compose-target',
      [
        'Dockerfile:2:1-2:27 missing-init warning',
        'Dockerfile:2:1-2:27 shell-form warning',
        'Dockerfile:5:1-5:26 missing-init warning',
      ],
      [
        'Shell form runs this CMD as /bin/sh -c "node --watch server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('is quiet for ENTRYPOINT ["tini","--"] with CMD ["node","app.js"]', () => {
    check('clean', [], []);
  });

  it('is quiet for CMD exec node app.js, which already execs', () => {
    check('explicit-exec', [], []);
  });

  it('never flags a shell-form HEALTHCHECK CMD or a RUN line', () => {
    check('healthcheck-run', [], []);
  });

  it('ignores a shell-form CMD in a stage nothing builds', () => {
    check('non-final-stage', [], []);
  });

  it('finds the CMD a final FROM <stage> inherits, where it is written', () => {
    check(
      'inherited',
      ['Dockerfile:2:1-2:19 missing-init warning', 'Dockerfile:2:1-2:19 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('resolves ARG in FROM to know the image is Alpine', () => {
    check(
      'arg-in-from',
      ['Dockerfile:3:1-3:19 missing-init warning', 'Dockerfile:3:1-3:19 shell-form info'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js"; the image\'s /bin/sh (BusyBox ash) execs the last command, so node still becomes PID 1. Exec form keeps it that way whatever the shell and whatever is added to the line.',
      ],
    );
  });

  it('keeps exact ranges in a CRLF file with a continued line', () => {
    check(
      'crlf',
      ['Dockerfile:2:1-3:12 missing-init warning', 'Dockerfile:2:1-3:12 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node   server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('spans continuation lines with a comment between them', () => {
    check(
      'continuation-comment',
      ['Dockerfile:2:1-5:12 missing-init warning', 'Dockerfile:2:1-5:12 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node   server.js   --port 80"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('follows # escape=` for continuations', () => {
    check(
      'escape',
      ['Dockerfile:3:1-4:12 missing-init warning', 'Dockerfile:3:1-4:12 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node   server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('is not silenced by SHELL; bash execs, so it is info', () => {
    check(
      'shell-instruction',
      ['Dockerfile:3:1-3:19 missing-init warning', 'Dockerfile:3:1-3:19 shell-form info'],
      [
        'Shell form runs this CMD as /bin/bash -c "node server.js"; /bin/bash execs the last command, so node still becomes PID 1. Exec form keeps it that way whatever the shell and whatever is added to the line.',
      ],
    );
    // The related information points at SHELL, not at the base image's dash, which never runs.
    const found = analyseFixture('rules/shell-form/shell-instruction').findings;
    const related = found.find((f) => f.rule === RULE)!.related;
    assert.deepEqual(
      related.map((r) => [r.range.start.line + 1, r.message]),
      [[2, "SHELL makes shell form run /bin/bash -c in this stage, not the image's /bin/sh."]],
    );
  });

  it('names the SHELL program in every wording: a list under bash, dash named by SHELL', () => {
    check(
      'shell-bash-list',
      ['Dockerfile:3:1-3:30 missing-init warning', 'Dockerfile:3:1-3:30 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/bash -o pipefail -c "node server.js; echo done"; node is not its last command, so /bin/bash waits for it and stays PID 1, whichever shell it is, and node never receives SIGTERM: docker stop waits 10 s, then kills it (exit 137). No automatic fix: rewrite it in exec form, or put exec before the command that should become PID 1.',
      ],
    );
    // On Alpine (/bin/sh is BusyBox ash) a SHELL of /bin/dash is what runs, and it keeps PID 1.
    check(
      'shell-bash-dash',
      ['Dockerfile:3:1-3:19 missing-init warning', 'Dockerfile:3:1-3:19 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/dash -c "node server.js"; /bin/dash (dash) stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
    const found = analyseFixture('rules/shell-form/shell-bash-dash').findings;
    const related = found.find((f) => f.rule === RULE)!.related;
    assert.ok(!related.some((r) => /BusyBox/.test(r.message)), JSON.stringify(related));
  });

  it('keeps exec form off an ENTRYPOINT whose compose service sets command: (a CMD applies)', () => {
    check(
      'compose-command',
      [
        'app/Dockerfile:4:1-4:26 missing-init info',
        'app/Dockerfile:4:1-4:26 shell-form warning',
        'compose.yaml:5:14-5:30 cmd-ignored warning',
      ],
      [
        'Shell form runs this ENTRYPOINT as /bin/sh -c "node server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137). Compose service web sets command:, which this ENTRYPOINT now ignores; exec form would start passing it to the ENTRYPOINT as arguments, which changes what runs, so that rewrite is left to cmd-ignored (reported on the command:).',
      ],
    );
    const found = analyseFixture('rules/shell-form/compose-command').findings;
    const fixes = found.find((f) => f.rule === RULE)!.fixes;
    assert.deepEqual(
      fixes.map((f) => [f.title, f.safe, f.preferred]),
      [['Add exec before node', true, true]],
    );
    // The conversion stays on offer where it belongs: cmd-ignored, not safe.
    const ignored = found.find((f) => f.rule === 'cmd-ignored')!.fixes;
    assert.deepEqual(
      ignored.map((f) => [f.title, f.safe]),
      [['Convert ENTRYPOINT to exec form', false]],
    );
  });

  it('still converts an ENTRYPOINT whose service replaces it with entrypoint: (its command: goes there)', () => {
    const found = analyseFixture('rules/shell-form/compose-command-entrypoint').findings;
    const fixes = found.find((f) => f.rule === RULE)!.fixes;
    assert.deepEqual(
      fixes.map((f) => [f.title, f.safe]),
      [
        ['Convert to exec form', true],
        ['Add exec before node', true],
      ],
    );
  });

  it('flags the shell-form ENTRYPOINT, and leaves the ignored CMD to cmd-ignored', () => {
    check(
      'entrypoint-with-cmd',
      [
        'Dockerfile:2:1-2:26 cmd-ignored warning',
        'Dockerfile:2:1-2:26 missing-init warning',
        'Dockerfile:2:1-2:26 shell-form warning',
      ],
      [
        'Shell form runs this ENTRYPOINT as /bin/sh -c "node server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('is suppressed by # pid1-ignore on the line above', () => {
    check('ignore-line', [], []);
  });

  it('is suppressed by # pid1-ignore-file, other rules are not', () => {
    check('ignore-file', ['Dockerfile:3:1-3:19 missing-init warning'], []);
  });

  it('follows .pid1-doctor.json: severity changed, rule off', () => {
    check(
      'configured',
      ['Dockerfile:2:1-2:19 shell-form error'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js"; /bin/sh in this image is dash, which stays PID 1 and does not pass SIGTERM to node: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });
  it('is a warning on Alpine too when the app is not the last command', () => {
    check(
      'app-not-last',
      ['Dockerfile:3:1-3:30 missing-init warning', 'Dockerfile:3:1-3:30 shell-form warning'],
      [
        'Shell form runs this CMD as /bin/sh -c "node server.js; echo done"; node is not its last command, so /bin/sh waits for it and stays PID 1, whichever shell it is, and node never receives SIGTERM: docker stop waits 10 s, then kills it (exit 137). No automatic fix: rewrite it in exec form, or put exec before the command that should become PID 1.',
      ],
    );
  });

  it('behind an exec-form ENTRYPOINT says the CMD becomes /bin/sh -c arguments, no shell', () => {
    check(
      'exec-entrypoint',
      ['Dockerfile:2:1-2:20 missing-init warning', 'Dockerfile:3:1-3:11 shell-form warning'],
      [
        'Shell form turns this CMD into the words /bin/sh -c "app.js", and Docker passes them to the exec-form ENTRYPOINT as arguments: the process is node /bin/sh -c "app.js", so node gets "/bin/sh" as its first argument instead of "app.js", and no shell runs.',
      ],
    );
  });

  it('a quoted word that is shell syntax in exec form gets exec, not exec form', () => {
    for (const n of ['1', '2', '3', '4']) {
      const found = analyseFixture(`rules/shell-form/literal-shell-syntax/${n}`).findings;
      const titles = found.filter((f) => f.rule === RULE).map((f) => f.fixes.map((x) => x.title));
      assert.deepEqual(titles, [['Add exec before node']], n);
    }
  });
});
