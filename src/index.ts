/**
 * The public surface of `invent-sdk`: the client, its errors, and the types a program writes in its
 * own signatures. Plumbing (how the client is assembled, the operation metadata) stays inside the
 * package; the repository's tests reach it through src/.
 */
export {
  createInvent,
  type Invent,
  type InventBroadcasts,
  type InventInbox,
  type InventNamespaces,
  type InventOptions,
} from './client/create-invent.js';
export {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InvalidResponseError,
  InventApiError,
  InventConfigError,
  InventError,
  InventValidationError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
} from './errors.js';
export {
  createMemoryStore,
  type AcquireOptions,
  type AcquireResult,
  type CallOptions,
  type Logger,
  type LogLevel,
  type RateLimitDelayEvent,
  type RateLimitGroupConfig,
  type RateLimitGroupOverrides,
  type RateLimitOptions,
  type RateLimitStore,
  type RateLimitWindow,
  type RetryOptions,
  type TransportOptions,
} from './transport/index.js';
export type { InventPaths } from './contract/paths.js';
export type {
  HttpMethod,
  InventMethod,
  ParseAs,
  RawCalls,
  RawMethod,
  RawResult,
  TypedCallOptions,
  TypedData,
  TypedError,
  TypedHeaders,
  TypedInit,
  TypedOperation,
} from './client/typed-call.js';
export type { components, operations as operationTypes, paths } from '../generated/schema.js';
export { InventPromise, type IntRange, type PageSize, type RequestOptions } from './resources/index.js';
export {
  ListPromise,
  Page,
  PaginationError,
  type ListOptions,
  type Paginate,
  type PaginateInit,
} from './pagination/index.js';
export type * from '../generated/resources.js';
export type { InboxConnection, InboxConnectOptions, InboxEvent, InboxEventType, InboxState, InboxStats } from './inbox/index.js';
export { InboxAuthError, InboxConnectionError, InboxEventError, InboxListenerError, InboxReconcileError } from './inbox/errors.js';
export {
  BroadcastNotActiveError,
  BroadcastSetupError,
  BroadcastStateError,
  RecipientRejectedError,
  SendInputError,
  SendOutcomeUnknownError,
  SendRateLimitError,
  SendValidationError,
  type Broadcast,
  type BroadcastField,
  type BroadcastRecipient,
  type BroadcastRule,
  type BroadcastStatus,
  type BroadcastTemplate,
  type BroadcastTemplateCreate,
  type BroadcastTemplateUpdate,
  type CreateTransactionalInput,
  type FindRecipientsOptions,
  type RecipientSummary,
  type SendInputIssue,
  type SendManyFailure,
  type SendManyItem,
  type SendManyOptions,
  type SendManyProgress,
  type SendManyResult,
  type SendManyRun,
  type SendManySummary,
  type SendOptions,
  type TransactionalBroadcast,
  type TransactionalFieldInput,
  type TransactionalOptions,
  type TransactionalRecipient,
} from './broadcasts/index.js';
