/**
 * shell-operators-without-shell: each folder under test/fixtures/rules/shell-operators-without-shell/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'shell-operators-without-shell';

const check = ruleChecker(RULE);

describe('shell-operators-without-shell', () => {
  it('fires on CMD ["node", "$APP"]', () => {
    check(
      'exec-form-variable',
      ['Dockerfile:3:14-3:20 shell-operators-without-shell error'],
      [
        'Exec form does not expand variables: node receives "$APP" literally. To expand it, use ["/bin/sh", "-c", "exec ..."].',
      ],
    );
  });

  it('fires on && in exec form', () => {
    check(
      'exec-form-and',
      ['Dockerfile:3:28-3:32 shell-operators-without-shell error'],
      [
        '"&&" in exec form is passed to node as an ordinary argument: no shell runs here to read it.',
      ],
    );
  });

  it('fires on compose command: node a.js && node b.js', () => {
    check(
      'compose-string',
      ['compose.yaml:5:24-5:36 shell-operators-without-shell error'],
      [
        'Compose runs no shell for a string command: it splits it into words and stops at "&&", so only "node a.js" runs and "&& node b.js" is silently dropped (docker-compose v1 instead passes "&&" on as an argument).',
      ],
    );
  });

  it('fires on | in a compose command list', () => {
    check(
      'compose-list',
      ['compose.yaml:5:31-5:34 shell-operators-without-shell error'],
      [
        '"|" in a command: list is passed to node as an ordinary argument: compose runs no shell. No automatic fix: write it as ["/bin/sh", "-c", "..."] by hand, with exec before the command that should become PID 1.',
      ],
    );
  });

  it('is quiet for an explicit sh -c and for a quoted operator in compose', () => {
    check('explicit-shell', [], []);
  });

  it('leaves CMD ["npm", "start", $PORT] to malformed-exec-form', () => {
    check('malformed', ['Dockerfile:3:1-3:28 malformed-exec-form error'], []);
  });

  it('keeps the exact range of the argument in a CRLF file', () => {
    check(
      'crlf',
      ['Dockerfile:3:14-3:20 shell-operators-without-shell error'],
      [
        'Exec form does not expand variables: node receives "$APP" literally. To expand it, use ["/bin/sh", "-c", "exec ..."].',
      ],
    );
  });

  it('offers no rewrite that would exec a trivial last command (&& echo done)', () => {
    check(
      'compose-trivial-last',
      [
        'compose.yaml:2:3-2:6 missing-init warning',
        'compose.yaml:4:26-4:38 shell-operators-without-shell error',
      ],
      [
        'Compose runs no shell for a string command: it splits it into words and stops at "&&", so only "node api.js" runs and "&& echo done" is silently dropped (docker-compose v1 instead passes "&&" on as an argument). No automatic fix: the last command, echo, returns at once, so a shell would wait for the app before it and stay PID 1, and exec echo would not make the app PID 1. Drop what follows the app (or run it before), then write it as ["/bin/sh", "-c", "... exec <app>"].',
      ],
    );
  });
});
