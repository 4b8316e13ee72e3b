/* global setInterval */
// Handles only SIGINT, for images whose STOPSIGNAL is SIGINT.
process.on('SIGINT', () => {
  console.log('handler: SIGINT received, exiting 0');
  process.exit(0);
});
console.log('ready');
setInterval(() => {}, 1 << 30);
