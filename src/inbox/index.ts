/**
 * The inbox in real time (`GET /orgs/{org_id}/inbox/ws`). `invent.inbox.connect(options)` is
 * `connectInbox` with the client's base URL, key, org and REST inbox filled in.
 */
export { connectInbox } from './connection.js';
export type { InboxConnectOptions, InboxHeartbeatOptions, InboxReconcileOptions, InboxReconnectOptions } from './options.js';
export type {
  InboxConnection,
  InboxDeps,
  InboxDisconnect,
  InboxListener,
  InboxListenerMap,
  InboxReconcileInfo,
  InboxState,
  InboxStats,
  InboxUnknownFrame,
} from './types.js';
export { InboxAuthError, InboxConnectionError, InboxEventError, InboxListenerError, InboxReconcileError } from './errors.js';
export {
  chatActivityTime,
  eventTime,
  INBOX_EVENT_TYPES,
  InboxChatSchema,
  inboxEventSchemas,
  InboxMessageSchema,
  type InboxChat,
  type InboxEvent,
  type InboxEventOf,
  type InboxEventType,
} from './events.js';
export { inboxSocketUrl } from './url.js';
export type { SocketLike, WebSocketConstructor } from './socket.js';
