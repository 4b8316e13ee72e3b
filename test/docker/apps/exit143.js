/* global setInterval */
// Like a JVM: handles SIGTERM, then exits 143 on its own, which looks like a signal death.
process.on('SIGTERM', () => {
  console.log('handler: SIGTERM received, exiting 143');
  process.exit(143);
});
console.log('ready');
setInterval(() => {}, 1 << 30);
