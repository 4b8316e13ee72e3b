/**
 * shell-without-exec: each folder under test/fixtures/rules/shell-without-exec/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'shell-without-exec';

const check = ruleChecker(RULE);

describe('shell-without-exec', () => {
  it('fires on CMD ["sh","-c","a && b"] on Debian', () => {
    check(
      'dockerfile',
      ['Dockerfile:3:6-3:53 shell-without-exec warning'],
      [
        'sh -c "node migrate.js && node server.js" stays in the process tree: this image\'s /bin/sh is dash, which does not exec the last command. SIGTERM stops at the shell and never reaches the app: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('fires on a compose sh -c list', () => {
    check(
      'compose',
      ['compose.yaml:5:15-5:62 shell-without-exec warning'],
      [
        'sh -c "node migrate.js && node server.js" stays in the process tree: this image\'s /bin/sh is dash, which does not exec the last command. SIGTERM stops at the shell and never reaches the app: docker stop waits 10 s, then kills it (exit 137).',
      ],
    );
  });

  it('is quiet when the last command says exec', () => {
    check('explicit-exec', [], []);
  });

  it('is quiet on Alpine, whose ash execs the last command', () => {
    check('alpine', [], []);
  });

  it('leaves shell form to shell-form', () => {
    check('shell-form', ['Dockerfile:3:1-3:38 shell-form warning'], []);
  });
  it('fires on Alpine when the app is not the last command (measured: ash waits, 137)', () => {
    check(
      'alpine-app-not-last',
      [
        'Dockerfile:3:1-3:46 missing-init warning',
        'Dockerfile:3:6-3:45 shell-without-exec warning',
      ],
      [
        'sh -c "node server.js; echo done" stays in the process tree: its last command is echo, so the shell has to wait for the app before it. SIGTERM stops at the shell and never reaches the app: docker stop waits 10 s, then kills it (exit 137). No automatic fix: put exec before the command that should become PID 1, or move the commands into a script that ends with exec.',
      ],
    );
  });
});
