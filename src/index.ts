export { createInvent, type Invent, type InventMethod, type InventOptions } from './client/create-invent.js';
export {
  AbortError,
  apiErrorClass,
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
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
} from './errors.js';
export {
  createMemoryStore,
  MemoryRateLimitStore,
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
export type { InventPaths } from './client/paths.js';
export type { components, operations as operationTypes, paths } from '../generated/schema.js';
export { operations, rateLimitGroups, type OperationId, type OperationMeta } from '../generated/operations.js';
export { attachResources, InventPromise, type IntRange, type PageSize, type RequestOptions, type ResourceExtension } from './resources/index.js';
export { DEFAULT_MAX_PAGES, ListPromise, Page, PaginationError, type ListOptions, type Paginate, type PaginateInit } from './pagination/index.js';
export type * from '../generated/resources.js';
export type { InboxConnection, InboxConnectOptions, InboxEvent, InboxEventType, InboxState, InboxStats } from './inbox/index.js';
export { InboxAuthError, InboxConnectionError, InboxEventError, InboxListenerError, InboxReconcileError } from './inbox/errors.js';
