const http = require('http');

const server = http.createServer((_req, res) => {
  res.end('ok\n');
});

server.listen(8080, () => {
  console.log('listening on 8080');
});
