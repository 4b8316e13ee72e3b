const http = require('http');

const server = http.createServer((_req, res) => {
  res.end('ok\n');
});

server.listen(3000, () => {
  console.log('listening on 3000');
});

// tini forwards SIGTERM to node; the app closes its server and exits 0.
process.on('SIGTERM', () => {
  console.log('SIGTERM received, closing');
  server.close(() => process.exit(0));
});
