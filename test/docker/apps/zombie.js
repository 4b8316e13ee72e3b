// Makes 50 orphans: each `sh -c 'sleep 0.1 &'` exits at once, its sleep is re-parented to PID 1
// and becomes a zombie there unless PID 1 reaps it. Prints "ready" once all sleeps have ended.
/* global require, setInterval, clearInterval, setTimeout */
// Plain CommonJS: the test image runs this file with node as is, with no build step.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { spawn } = require('child_process');

process.on('SIGTERM', () => {
  console.log('handler: SIGTERM received, exiting 0');
  process.exit(0);
});

let spawned = 0;
const timer = setInterval(() => {
  spawn('/bin/sh', ['-c', 'sleep 0.1 &'], { stdio: 'ignore' });
  spawned += 1;
  if (spawned === 50) {
    clearInterval(timer);
    setTimeout(() => console.log('ready'), 1500);
  }
}, 100);
setInterval(() => {}, 1 << 30);
