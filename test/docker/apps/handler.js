/* global setInterval */
// Handles SIGTERM and exits 0; the log line is how the tests know the handler ran.
process.on('SIGTERM', () => {
  console.log('handler: SIGTERM received, exiting 0');
  process.exit(0);
});
console.log('ready');
setInterval(() => {}, 1 << 30);
