/**
 * The inbox event stream, as the SDK models it.
 *
 * IMPORTANT: Invent does not document the format of the events on `GET /orgs/{org_id}/inbox/ws`
 * (chatOrgInboxWebSocket). Its docs say only "Get a WebSocket for chat events for an organization
 * inbox". What follows is the SDK's model of that undocumented stream, kept deliberately small:
 *
 * - every frame is a JSON object with a string `type` discriminator;
 * - the schemas require only `type` and the ids the SDK needs for de-duplication and REST
 *   reconciliation (a chat id, a message id); every other field, known or not, passes through
 *   untouched (valibot's `looseObject`), and timestamps are read leniently (ISO strings or epoch numbers);
 * - one event type per kind of change the REST API can make to a chat (`/chats/...` routes):
 *   a new, edited or deleted message, a created, updated (state, assignment, title, CSAT...) or
 *   deleted chat, and typing.
 *
 * A frame whose `type` is not listed here reaches the connection's `unknown` listeners; a frame that is
 * not JSON, has no `type`, or lacks a required id reaches its `error` listeners. Neither ends the stream.
 * When the live format becomes known, this file is the one place to change.
 */
import * as v from 'valibot';

const id = v.pipe(v.string(), v.minLength(1));

/*
 * The event types are written out as plain interfaces (the schemas below are checked against them), so
 * the package's declarations never expose the validation library's types: checking those costs every importing project
 * far more than the SDK's own types.
 */

/** A chat as far as the SDK needs one: its id. Documented fields (`title`, `csat`, `created_at`) and the rest pass through. */
export interface InboxChat {
  id: string;
  [key: string]: unknown;
}
/** A chat message as far as the SDK needs one: its id. Everything else passes through. */
export interface InboxMessage {
  id: string;
  [key: string]: unknown;
}
/** Fields any event may carry (none required): an event id and a time, used for de-duplication and as the reconciliation cutoff. */
interface InboxEventBase {
  /** An event id, when the server sends one: the first de-duplication key. */
  id?: string | undefined;
  /** Set by the SDK on events it synthesised from the REST inbox after a reconnect. */
  reconciled?: boolean | undefined;
  [key: string]: unknown;
}
/** The events of the SDK's model, by type. */
export interface InboxEventMap {
  /** A new message in a chat (from the contact, the assistant, a human agent or the system). */
  message: InboxEventBase & { type: 'message'; chat_id: string; message: InboxMessage };
  /** A message was edited (`PATCH /chats/{chat_id}/messages/{message_id}`). */
  'message.updated': InboxEventBase & { type: 'message.updated'; chat_id: string; message: InboxMessage };
  /** A message was deleted. */
  'message.deleted': InboxEventBase & { type: 'message.deleted'; chat_id: string; message_id: string };
  /** A chat appeared in the inbox. */
  'chat.created': InboxEventBase & { type: 'chat.created'; chat: InboxChat };
  /**
   * A chat changed: state, assignment, title, CSAT, unread... Also what the SDK emits, with
   * `reconciled: true` and `missed_since`, for a chat that changed while the socket was down.
   */
  'chat.updated': InboxEventBase & { type: 'chat.updated'; chat: InboxChat };
  /** A chat was deleted. */
  'chat.deleted': InboxEventBase & { type: 'chat.deleted'; chat_id: string };
  /** Someone is typing in a chat. Ephemeral: never reconciled. */
  typing: InboxEventBase & { type: 'typing'; chat_id: string };
}
/** The type of an inbox event (`message`, `chat.updated`, `typing`, ...). */
export type InboxEventType = keyof InboxEventMap;
export type InboxEventOf<T extends InboxEventType> = InboxEventMap[T];
/** Any event of the SDK's model (see the comment at the top of this file: the live format is undocumented). */
export type InboxEvent = InboxEventMap[InboxEventType];

export const InboxChatSchema: v.GenericSchema<InboxChat> = v.looseObject({ id });
export const InboxMessageSchema: v.GenericSchema<InboxMessage> = v.looseObject({ id });

const base = { id: v.optional(id), reconciled: v.optional(v.boolean()) };

export const inboxEventSchemas: { readonly [T in InboxEventType]: v.GenericSchema<InboxEventMap[T]> } = {
  message: v.looseObject({ ...base, type: v.literal('message'), chat_id: id, message: InboxMessageSchema }),
  'message.updated': v.looseObject({ ...base, type: v.literal('message.updated'), chat_id: id, message: InboxMessageSchema }),
  'message.deleted': v.looseObject({ ...base, type: v.literal('message.deleted'), chat_id: id, message_id: id }),
  'chat.created': v.looseObject({ ...base, type: v.literal('chat.created'), chat: InboxChatSchema }),
  'chat.updated': v.looseObject({ ...base, type: v.literal('chat.updated'), chat: InboxChatSchema }),
  'chat.deleted': v.looseObject({ ...base, type: v.literal('chat.deleted'), chat_id: id }),
  typing: v.looseObject({ ...base, type: v.literal('typing'), chat_id: id }),
};

/** A chat of the REST inbox as the SDK reads one (an object with a non-empty string `id`), or undefined. */
export function readChat(item: unknown): InboxChat | undefined {
  const parsed = v.safeParse(InboxChatSchema, item);
  return parsed.success ? parsed.output : undefined;
}

export const INBOX_EVENT_TYPES = Object.keys(inboxEventSchemas) as InboxEventType[];

export function isInboxEventType(type: string): type is InboxEventType {
  return Object.prototype.hasOwnProperty.call(inboxEventSchemas, type);
}

/** A timestamp as milliseconds since the epoch: an ISO string, or a number in seconds or milliseconds. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function field(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[key] : undefined;
}

/**
 * When a chat last changed, as far as its fields tell. The documented Chat has only `created_at`; the
 * SDK prefers `updated_at`, then `last_message_at`, when the API sends them.
 */
export function chatActivityTime(chat: unknown): number | undefined {
  return parseTime(field(chat, 'updated_at')) ?? parseTime(field(chat, 'last_message_at')) ?? parseTime(field(chat, 'created_at'));
}

/** The server time of an event: its own `created_at`/`timestamp`, else its message's or chat's time. */
export function eventTime(event: InboxEvent): number | undefined {
  return (
    parseTime(field(event, 'created_at')) ??
    parseTime(field(event, 'timestamp')) ??
    parseTime(field(field(event, 'message'), 'updated_at')) ??
    parseTime(field(field(event, 'message'), 'created_at')) ??
    (field(event, 'chat') !== undefined ? chatActivityTime(field(event, 'chat')) : undefined)
  );
}

/** The chat an event is about. */
export function eventChatId(event: InboxEvent): string {
  switch (event.type) {
    case 'chat.created':
    case 'chat.updated':
      return event.chat.id;
    default:
      return event.chat_id;
  }
}

/**
 * The key an event is de-duplicated by: its event id when it has one, else what identifies the change
 * (a message id, a chat id and time). `typing` events without an id are never de-duplicated.
 */
export function dedupKey(event: InboxEvent): string | undefined {
  if (event.id !== undefined) return `id:${event.id}`;
  const at = eventTime(event);
  switch (event.type) {
    case 'message':
      return `message:${event.chat_id}:${event.message.id}`;
    case 'message.updated':
      return at === undefined ? undefined : `message.updated:${event.chat_id}:${event.message.id}@${at}`;
    case 'message.deleted':
      return `message.deleted:${event.chat_id}:${event.message_id}`;
    case 'chat.created':
      return `chat.created:${event.chat.id}`;
    case 'chat.updated':
      return at === undefined ? undefined : `chat.updated:${event.chat.id}@${at}`;
    case 'chat.deleted':
      return `chat.deleted:${event.chat_id}`;
    case 'typing':
      return undefined;
  }
}

export type ParsedFrame =
  | { kind: 'event'; event: InboxEvent }
  | { kind: 'unknown'; type: string; data: Record<string, unknown> }
  | { kind: 'invalid'; reason: 'invalid-json' | 'invalid-event'; message: string; data?: unknown };

/** Parses one text frame. Never throws. */
export function parseFrame(text: string): ParsedFrame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: 'invalid-json', message: `inbox frame is not JSON: ${(error as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'invalid', reason: 'invalid-event', message: 'inbox frame is not a JSON object', data };
  }
  const type = (data as Record<string, unknown>).type;
  if (typeof type !== 'string' || type === '') {
    return { kind: 'invalid', reason: 'invalid-event', message: 'inbox frame has no string `type`', data };
  }
  if (!isInboxEventType(type)) return { kind: 'unknown', type, data: data as Record<string, unknown> };
  const result = v.safeParse(inboxEventSchemas[type], data);
  if (!result.success) {
    const issues = result.issues.map((i) => `${i.path?.map((p) => p.key).join('.') || '(root)'}: ${i.message}`).join('; ');
    return { kind: 'invalid', reason: 'invalid-event', message: `inbox \`${type}\` event is missing what the SDK needs: ${issues}`, data };
  }
  return { kind: 'event', event: result.output as InboxEvent };
}
