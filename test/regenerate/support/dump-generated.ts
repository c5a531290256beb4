/**
 * Prints the generated runtime data of the checkout it runs in (what each call does: method name,
 * pagination, rate-limit groups, idempotency, auth), as JSON keyed by `METHOD /path`, so a test can
 * compare a copy of the repo before and after `npm run regenerate`.
 */
import { operationList, rateLimitGroups } from '../../../generated/operations.js';

const operations = Object.fromEntries(
  operationList.map((op) => [
    `${op.method} ${op.path}`,
    { sdkMethod: op.sdkMethod, pagination: op.pagination, rateLimits: op.rateLimits, idempotent: op.idempotent, auth: op.auth },
  ]),
);
process.stdout.write(JSON.stringify({ operations, rateLimitGroups }));
