const http = require('http');

const server = http.createServer((_req, res) => {
  res.end('ok\n');
});

server.listen(3000, () => {
  console.log('listening on 3000');
});
