/* global setInterval */
// No signal handlers at all: what most apps look like. As PID 1 node keeps running on SIGTERM.
console.log('ready');
setInterval(() => {}, 1 << 30);
