/**
 * A tiny JSON server in a child process, so its work does not count against the process being
 * measured: every call gets `body`, 201 for a POST and 200 otherwise.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface JsonServer {
  baseUrl: string;
  close(): void;
}

export async function startJsonServer(body: unknown): Promise<JsonServer> {
  const script = `
const http = require('node:http');
const body = ${JSON.stringify(JSON.stringify(body))};
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req_bench' });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    baseUrl: `http://127.0.0.1:${chunk.toString().trim()}`,
    close: () => {
      child.stdin?.end();
      child.kill();
    },
  };
}
