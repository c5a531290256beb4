import { InventConfigError } from '../errors.js';
import type { Send } from './types.js';

/**
 * Adds the bearer token. A missing key is reported at the first call that needs one, never sent as
 * "undefined"; calls the spec marks as anonymous (`security: []`, the sign-in calls) go without it.
 */
export function withAuth(next: Send, apiKey: string | undefined): Send {
  return (request, context) => {
    if (context.operation?.auth === false) return next(request, context);
    if (!apiKey) {
      throw new InventConfigError(
        `no API key for ${context.label}: pass apiKey to createInvent() or set the INVENT_API_KEY environment variable`,
      );
    }
    request.headers.set('Authorization', `Bearer ${apiKey}`);
    return next(request, context);
  };
}
