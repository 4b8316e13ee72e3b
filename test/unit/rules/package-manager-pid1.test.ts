/**
 * package-manager-pid1: each folder under test/fixtures/rules/package-manager-pid1/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'package-manager-pid1';

const check = ruleChecker(RULE);

describe('package-manager-pid1', () => {
  it('fires on npm start on Debian: dash dies of SIGTERM, npm exits 1', () => {
    check(
      'debian',
      [
        'Dockerfile:4:1-4:21 missing-init warning',
        'Dockerfile:4:6-4:20 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs its "start" script as /bin/sh -c "node server.js". On SIGTERM it passes the signal to that shell, which in this image is dash: the shell dies and node never receives it, so its clean-up does not run and npm exits 1. npm also never reaps orphaned processes.',
      ],
    );
  });

  it('on Alpine says ash execs the app, but npm still never reaps', () => {
    check(
      'alpine',
      [
        'Dockerfile:4:1-4:21 missing-init warning',
        'Dockerfile:4:6-4:20 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs its "start" script as /bin/sh -c "node server.js"; the shell (BusyBox ash) execs node, which does receive SIGTERM, but npm adds a process that never reaps orphans and turns a clean stop into its own exit code.',
      ],
    );
  });

  it('fires on a compose string command: npm start', () => {
    check(
      'compose',
      ['compose.yaml:5:14-5:23 package-manager-pid1 warning'],
      [
        'npm stays in the process tree for as long as the app runs. It passes SIGTERM to the /bin/sh -c that runs the package script; with Debian\'s dash that shell dies and the app never receives it (npm then exits 1), and npm never reaps orphaned processes. Start the app directly. No rewrite is offered: the package.json with the "start" script was not found in the build context.',
      ],
    );
  });

  it('ignores RUN npm and npm in a build stage', () => {
    check('run-and-build-stage', [], []);
  });
});
