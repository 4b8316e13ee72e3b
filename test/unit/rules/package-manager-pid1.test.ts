/**
 * package-manager-pid1: each folder under test/fixtures/rules/package-manager-pid1/ is analysed as the CLI would, and
 * every finding in it is compared (place, rule, severity); the rule's own findings also by message.
 */
import { describe, it } from 'node:test';
import { ruleChecker } from '../helpers';

const RULE = 'package-manager-pid1';

const check = ruleChecker(RULE);

describe('package-manager-pid1', () => {
  it('fires on npm start on Debian: dash dies of SIGTERM, npm 8+ exits 1', () => {
    check(
      'debian',
      [
        'Dockerfile:4:1-4:21 missing-init warning',
        'Dockerfile:4:6-4:20 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs its "start" script as /bin/sh -c "node server.js". On SIGTERM npm passes the signal to the shell that runs the script: /bin/sh here is dash, which does not exec node, so the shell dies of it and node never receives it: its clean-up does not run. npm 8 and later then exit 1, npm 6 exits 0. As PID 1, npm (a node program) never reaps orphaned processes.',
      ],
    );
  });

  it('on Alpine says ash execs the app, but npm still never reaps and hides a signal death', () => {
    check(
      'alpine',
      [
        'Dockerfile:4:1-4:21 missing-init warning',
        'Dockerfile:4:6-4:20 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs its "start" script as /bin/sh -c "node server.js". On SIGTERM npm passes the signal to the shell that runs the script: that shell (BusyBox ash) execs node, which receives it. If node dies of the signal, npm 8 and later exit 1 rather than 143 (npm 6 exits 0). As PID 1, npm (a node program) never reaps orphaned processes.',
      ],
    );
  });

  it('fires on a compose string command under init: true: fast stop, app not reached', () => {
    check(
      'compose',
      ['compose.yaml:5:14-5:23 package-manager-pid1 warning'],
      [
        'npm stays in the process tree while it runs the package script through /bin/sh -c. docker-init (tini) signals only its child, npm; npm passes the signal to the shell that runs the script: /bin/sh here is dash, which does not exec the app, so the shell dies of it and the app never receives it: its clean-up does not run. The stop is fast (exit 143). Start the app directly. No rewrite is offered: service web runs the image node:20 as it is, with no build:, so there is no build context to read the "start" script from.',
      ],
    );
  });

  it('ignores RUN npm and npm in a build stage', () => {
    check('run-and-build-stage', [], []);
  });

  it('under tini -g says the app is reached and the exit is 143, as measured', () => {
    check(
      'tini-g',
      ['Dockerfile:3:6-3:20 package-manager-pid1 warning'],
      [
        'npm stays in the process tree while it runs the package script through /bin/sh -c. tini signals the whole process group, so the app does receive SIGTERM, but npm and the shell die of it too, so the container exits 143 rather than with the app\'s own exit code. Start the app directly. No rewrite is offered: no COPY from the build context puts a package.json at /package.json, where npm reads the "start" script, and the build context has none at its root.',
      ],
    );
  });

  it('without the script on Alpine speaks of BusyBox ash, not of dash', () => {
    check(
      'alpine-no-package',
      [
        'Dockerfile:2:1-2:21 missing-init warning',
        'Dockerfile:2:6-2:20 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs the package script through /bin/sh -c. On SIGTERM npm passes the signal to the shell that runs the script: /bin/sh here is BusyBox ash, which execs the app when the script ends with it, and then the app receives it. Where the shell dies, npm 8 and later exit 1 (npm 6 exits 0). As PID 1, npm (a node program) never reaps orphaned processes. Start the app directly. No rewrite is offered: no COPY from the build context puts a package.json at /package.json, where npm reads the "start" script, and the build context has none at its root.',
      ],
    );
  });

  it('for yarn states no exit code: only npm was measured', () => {
    check(
      'yarn',
      [
        'Dockerfile:2:1-2:22 missing-init warning',
        'Dockerfile:2:6-2:21 package-manager-pid1 warning',
      ],
      [
        'yarn will be PID 1 and runs the package script through /bin/sh -c. On SIGTERM what yarn does with the signal was not measured (npm passes it to the shell that runs the script): /bin/sh here is dash, which does not exec the app, so the shell dies of it and the app never receives it: its clean-up does not run. As PID 1, yarn (a node program) never reaps orphaned processes. Start the app directly. No rewrite is offered: no COPY from the build context puts a package.json at /package.json, where yarn reads the "start" script, and the build context has none at its root.',
      ],
    );
  });

  it('says a package.json in the build context is not copied into the image, not that it is missing', () => {
    check(
      'not-copied',
      [
        'Dockerfile:4:1-4:28 missing-init warning',
        'Dockerfile:4:6-4:27 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs the package script through /bin/sh -c. On SIGTERM npm passes the signal to the shell that runs the script: /bin/sh here is dash, which does not exec the app, so the shell dies of it and the app never receives it: its clean-up does not run. npm 8 and later then exit 1, npm 6 exits 0. As PID 1, npm (a node program) never reaps orphaned processes. Start the app directly. No rewrite is offered: package.json is in the build context, but no COPY from the build context puts it at /app/package.json, where npm reads the "serve" script.',
      ],
    );
  });

  it('says a package.json copied in has no such script', () => {
    check(
      'no-script',
      [
        'Dockerfile:4:1-4:28 missing-init warning',
        'Dockerfile:4:6-4:27 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs the package script through /bin/sh -c. On SIGTERM npm passes the signal to the shell that runs the script: /bin/sh here is dash, which does not exec the app, so the shell dies of it and the app never receives it: its clean-up does not run. npm 8 and later then exit 1, npm 6 exits 0. As PID 1, npm (a node program) never reaps orphaned processes. Start the app directly. No rewrite is offered: the package.json copied to /app/package.json (package.json) has no "serve" script.',
      ],
    );
  });

  it('near miss: a COPY --from another stage may bring package.json, and the message says so', () => {
    check(
      'copy-from',
      [
        'Dockerfile:8:1-8:28 missing-init warning',
        'Dockerfile:8:6-8:27 package-manager-pid1 warning',
      ],
      [
        'npm will be PID 1 and runs the package script through /bin/sh -c. On SIGTERM npm passes the signal to the shell that runs the script: /bin/sh here is dash, which does not exec the app, so the shell dies of it and the app never receives it: its clean-up does not run. npm 8 and later then exit 1, npm 6 exits 0. As PID 1, npm (a node program) never reaps orphaned processes. Start the app directly. No rewrite is offered: package.json is in the build context, but no COPY from the build context puts it at /app/package.json, where npm reads the "serve" script (a COPY --from another stage might; PID 1 Doctor does not follow those).',
      ],
    );
  });

  it('says a compose service with image: and no build: has no build context at all', () => {
    check(
      'image-only',
      ['compose.yaml:5:15-5:36 package-manager-pid1 warning'],
      [
        'npm stays in the process tree while it runs the package script through /bin/sh -c. docker-init (tini) signals only its child, npm; npm passes the signal to the shell that runs the script: /bin/sh here is dash, which does not exec the app, so the shell dies of it and the app never receives it: its clean-up does not run. The stop is fast (exit 143). Start the app directly. No rewrite is offered: service web runs the image node:20 as it is, with no build:, so there is no build context to read the "serve" script from.',
      ],
    );
  });
});
