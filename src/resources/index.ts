export { attachResources, type CallingClient, type ResourceExtension } from './build.js';
export { InventPromise } from './promise.js';
export type { IntRange, PageSize, RequestOptions } from './types.js';
export type { ResourceData } from '../contract/types.js';
