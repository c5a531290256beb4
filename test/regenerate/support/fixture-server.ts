/** Serves one contract over HTTP on 127.0.0.1 (port 0), as Invent's server would serve its openapi.json. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureServer {
  url: string;
  /** How many times the contract was fetched. */
  readonly requests: number;
  close(): Promise<void>;
}

export async function serveContract(file: string, mediaType: string, text: string): Promise<FixtureServer> {
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url !== `/${file}`) {
      res.writeHead(404).end();
      return;
    }
    requests++;
    res.writeHead(200, { 'content-type': mediaType }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${file}`,
    get requests() {
      return requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
