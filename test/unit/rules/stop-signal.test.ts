/**
 * stop-signal: each folder under test/fixtures/rules/stop-signal/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'stop-signal';

const check = ruleChecker(RULE);

describe('stop-signal', () => {
  it('is an error for an unknown STOPSIGNAL', () => {
    check(
      'dockerfile-unknown',
      ['Dockerfile:2:12-2:18 stop-signal error'],
      [
        '"SIGKIL" is not a signal Docker knows, so stopping the container fails; use SIGTERM or the signal the app handles.',
      ],
    );
  });

  it('is a warning for STOPSIGNAL 9 (SIGKILL)', () => {
    check(
      'dockerfile-kill',
      ['Dockerfile:2:12-2:13 stop-signal warning'],
      [
        'The stop signal is SIGKILL, which cannot be handled: docker stop kills the container at once, with no clean-up (exit 137).',
      ],
    );
  });

  it('fires on compose stop_signal: unknown (error) and SIGKILL (warning)', () => {
    check(
      'compose',
      ['compose.yaml:5:18-5:24 stop-signal error', 'compose.yaml:9:18-9:25 stop-signal warning'],
      [
        '"SIGFOO" is not a signal Docker knows, so stopping the container fails; use SIGTERM or the signal the app handles.',
        'The stop signal is SIGKILL, which cannot be handled: docker stop kills the container at once, with no clean-up (exit 137).',
      ],
    );
  });

  it('is quiet for SIGINT, 15, SIGRTMIN+3 and a lower-case name', () => {
    check('clean', [], []);
  });

  it('finds a STOPSIGNAL that FROM <stage> inherits', () => {
    check(
      'inherited',
      ['Dockerfile:2:12-2:16 stop-signal warning'],
      [
        'The stop signal is SIGKILL, which cannot be handled: docker stop kills the container at once, with no clean-up (exit 137).',
      ],
    );
  });

  it('ignores a STOPSIGNAL in a stage nothing builds', () => {
    check('non-final-stage', [], []);
  });

  it("accepts SIGCLD, which Docker knows (moby's signal map has CLD)", () => {
    check('sigcld', [], []);
  });
});
