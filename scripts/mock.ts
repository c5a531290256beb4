/** `npm run mock [-- --port 4010]`: serves openapi.json with Prism (request validation on) until interrupted. */
import { parseArgs } from 'node:util';
import { startPrismServer } from '../src/testing/prism-server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '4010' }, host: { type: 'string', default: '127.0.0.1' } } });
const server = await startPrismServer({ port: Number(values.port), host: values.host });
console.log(`Invent mock (Prism) listening on ${server.url}; send Authorization: Bearer <anything>. Ctrl-C stops it.`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
