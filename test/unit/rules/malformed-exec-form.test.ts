/**
 * malformed-exec-form: each folder under test/fixtures/rules/malformed-exec-form/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'malformed-exec-form';

const check = ruleChecker(RULE);

describe('malformed-exec-form', () => {
  it('fires on CMD ["npm", "start", $PORT], and not shell-form or package-manager-pid1 too', () => {
    check(
      'bare-variable',
      ['Dockerfile:2:1-2:28 malformed-exec-form error', 'Dockerfile:2:1-2:28 missing-init warning'],
      [
        'This CMD is not valid JSON ($PORT is not a double-quoted string, so the brackets are not a JSON array), so Docker runs it as shell form: /bin/sh -c "["npm", "start", $PORT]", which fails or runs something else. Exec form never expands variables; to expand one, write CMD ["/bin/sh", "-c", "exec npm start $PORT"] with the variable inside the string.',
      ],
    );
  });

  it('fires on single quotes; missing-init names no guessed program', () => {
    check(
      'single-quotes',
      ['Dockerfile:2:1-2:23 malformed-exec-form error', 'Dockerfile:2:1-2:23 missing-init warning'],
      [
        "This CMD is not valid JSON (JSON strings take double quotes; 'node' is in single quotes), so Docker runs it as shell form: /bin/sh -c \"['node', 'app.js']\", which fails or runs something else.",
      ],
    );
  });

  it('fires on a trailing comma in ENTRYPOINT', () => {
    check(
      'trailing-comma',
      ['Dockerfile:2:1-2:27 malformed-exec-form error', 'Dockerfile:2:1-2:27 missing-init warning'],
      [
        'This ENTRYPOINT is not valid JSON (JSON does not allow a comma after the last element), so Docker runs it as shell form: /bin/sh -c "["tini", "--",]", which fails or runs something else.',
      ],
    );
  });

  it('lands in the Dockerfile a compose service builds (dockerfile: key)', () => {
    check(
      'compose-build',
      ['api.Dockerfile:3:1-3:23 malformed-exec-form error'],
      [
        "This CMD is not valid JSON (JSON strings take double quotes; 'node' is in single quotes), so Docker runs it as shell form: /bin/sh -c \"['node', 'api.js']\", which fails or runs something else.",
      ],
    );
  });

  it('is quiet for CMD ["node", "$APP"], valid JSON (shell-operators-without-shell instead)', () => {
    check('quoted-variable', ['Dockerfile:3:14-3:20 shell-operators-without-shell error'], []);
  });

  it('never flags HEALTHCHECK CMD with single quotes', () => {
    check('healthcheck', [], []);
  });
});
