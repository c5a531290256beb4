/** `npm run mock [-- --port 4010 --scenario file.json | --proxy URL]`: the `invent-mock` command, run from source. */
import { main } from '../src/testing/cli.js';

await main(process.argv.slice(2));
