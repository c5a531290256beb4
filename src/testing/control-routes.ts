/** The mock's control routes (`/__invent/*`): what tests in any language use to read and steer the mock. */
import { jsonAnswer, type Answer } from './http-answer.js';

/** A control route's handler: the request body (parsed JSON, or undefined) in, the answer's status and body out. */
export type ControlHandler = (body: unknown) => { status: number; body?: unknown };

/** Handlers keyed `METHOD /__invent/name`. */
export type ControlRoutes = Record<string, ControlHandler>;

/** Answers one control call from the table; an unknown route is a 404 listing the known ones, a throw a 400 with its message. */
export function answerControl(routes: ControlRoutes, method: string | undefined, path: string, raw: Buffer): Answer {
  const handler = routes[`${method} ${path}`];
  if (!handler) {
    const known = Object.keys(routes).join(', ');
    return jsonAnswer(404, { statusCode: 404, message: `the mock answers ${known}` });
  }
  let body: unknown;
  try {
    body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    const result = handler(body);
    if (result.body === undefined) return { status: result.status, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(0) };
    return jsonAnswer(result.status, result.body);
  } catch (error) {
    return jsonAnswer(400, { statusCode: 400, message: error instanceof Error ? error.message : String(error) });
  }
}
