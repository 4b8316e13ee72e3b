/**
 * cmd-ignored: each folder under test/fixtures/rules/cmd-ignored/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'cmd-ignored';

const check = ruleChecker(RULE);

describe('cmd-ignored', () => {
  it('fires on a shell-form ENTRYPOINT with a CMD', () => {
    check(
      'dockerfile',
      [
        'Dockerfile:2:1-2:26 cmd-ignored warning',
        'Dockerfile:2:1-2:26 missing-init warning',
        'Dockerfile:2:1-2:26 shell-form warning',
      ],
      [
        'This ENTRYPOINT is in shell form: Docker runs it through /bin/sh -c and never passes it the CMD on line 3 or the arguments of docker run, so they are ignored.',
      ],
    );
  });

  it("fires on a compose command: that the built Dockerfile's shell-form ENTRYPOINT ignores", () => {
    check(
      'compose-command',
      [
        'compose.yaml:5:14-5:30 cmd-ignored warning',
        'Dockerfile:2:1-2:26 missing-init info',
        'Dockerfile:2:1-2:26 shell-form warning',
      ],
      [
        'This command is ignored: the ENTRYPOINT it would be passed to (Dockerfile, line 2) is in shell form, and Docker runs it through /bin/sh -c without arguments.',
      ],
    );
  });

  it('is quiet for a shell-form ENTRYPOINT with no CMD (the base image CMD is reset)', () => {
    check('no-cmd', ['Dockerfile:2:1-2:31 missing-init warning'], []);
  });

  it('is quiet for an exec-form ENTRYPOINT with a CMD', () => {
    check('exec-entrypoint', [], []);
  });

  it('is quiet when compose replaces the entrypoint too', () => {
    check('compose-entrypoint', ['Dockerfile:2:1-2:31 missing-init info'], []);
  });
});
