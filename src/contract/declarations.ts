/**
 * The type vocabulary generated/resources.ts writes its declarations in, so that generated/ depends
 * on the contract module alone. The types themselves live with the features that implement them.
 */
export type { ListOptions, ListPromise } from '../pagination/list.js';
export type { InventPromise } from '../resources/promise.js';
export type { Multipart, RequestOptions } from '../resources/types.js';
export type { CallMeta, HttpMethod, OperationMeta, RateLimitGroup, ResourceData } from './types.js';
