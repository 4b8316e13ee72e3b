/**
 * missing-init: each folder under test/fixtures/rules/missing-init/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'missing-init';

const check = ruleChecker(RULE);

describe('missing-init', () => {
  it('fires on exec-form node as PID 1 in a Dockerfile', () => {
    check(
      'dockerfile',
      ['Dockerfile:2:1-2:26 missing-init warning'],
      [
        'node will be PID 1 with no init in front of it. As PID 1, node ignores SIGTERM unless the app handles it, so docker stop waits 10 s, then kills it (exit 137); and it never reaps orphaned child processes, which stay as zombies.',
      ],
    );
  });

  it('fires on a compose service of a known image, at the service key', () => {
    check(
      'compose-image',
      ['compose.yaml:2:3-2:9 missing-init warning'],
      [
        'node will be PID 1 with no init in front of it. As PID 1, node ignores SIGTERM unless the app handles it, so docker stop waits 10 s, then kills it (exit 137); and it never reaps orphaned child processes, which stay as zombies.',
      ],
    );
  });

  it('is quiet for a compose service with init: true', () => {
    check('compose-init', [], []);
  });

  it('drops to info in a Dockerfile that every compose builder runs with init: true', () => {
    check(
      'compose-build-init',
      ['Dockerfile:2:1-2:26 missing-init info'],
      [
        'node will be PID 1 with no init in front of it. As PID 1, node ignores SIGTERM unless the app handles it, so docker stop waits 10 s, then kills it (exit 137); and it never reaps orphaned child processes, which stay as zombies. Every compose service that builds this Dockerfile sets init: true, so this matters only when the image is run another way.',
      ],
    );
  });

  it('is quiet behind ENTRYPOINT ["tini","--"]', () => {
    check('tini', [], []);
  });

  it('is info for a JVM, which stops on SIGTERM by itself', () => {
    check(
      'java',
      ['Dockerfile:2:1-2:32 missing-init info'],
      [
        'java will be PID 1 with no init in front of it. It stops on SIGTERM by itself, so only the reaping of orphaned processes is at stake.',
      ],
    );
  });

  it('lands on the CMD when PID 1 starts inside an exec-form sh -c string', () => {
    check(
      'explicit-shell',
      ['Dockerfile:2:1-2:59 missing-init warning'],
      [
        'node will be PID 1 with no init in front of it. As PID 1, node ignores SIGTERM unless the app handles it, so docker stop waits 10 s, then kills it (exit 137); and it never reaps orphaned child processes, which stay as zombies.',
      ],
    );
  });

  it('names the shell, not "[npm,", for bracketed text that is not JSON', () => {
    check(
      'malformed',
      ['Dockerfile:2:1-2:28 malformed-exec-form error', 'Dockerfile:2:1-2:28 missing-init warning'],
      [
        "/bin/sh (dash) will be PID 1 with no init in front of it. The shell reaps orphans but keeps SIGTERM from the app: docker stop waits 10 s, then kills it (exit 137). An init in front of /bin/sh (dash) helps only with reaping: it signals the shell, not the app, and signalling the whole group (tini -g, dumb-init) races the container's teardown. Make the shell exec the app first.",
      ],
    );
  });

  it('CMD [] on node:20: the entrypoint script runs node, which is PID 1', () => {
    check(
      'empty-cmd',
      ['Dockerfile:2:1-2:7 missing-init warning'],
      [
        'node will be PID 1 with no init in front of it. As PID 1, node ignores SIGTERM unless the app handles it, so docker stop waits 10 s, then kills it (exit 137); and it never reaps orphaned child processes, which stay as zombies.',
      ],
    );
  });
});
