export { createInvent, type Invent, type InventMethod, type InventOptions } from './client/create-invent.js';
export { InventApiError, InventConfigError, InventError, InventValidationError } from './errors.js';
export type { InventPaths } from './client/paths.js';
export type { components, operations as operationTypes, paths } from '../generated/schema.js';
export { operations, rateLimitGroups, type OperationId, type OperationMeta } from '../generated/operations.js';
