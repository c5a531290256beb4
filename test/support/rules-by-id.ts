/** The generated argument rules by `METHOD /path/template` (generated/resources.ts stores them in contract order). */
import { operations } from '../../generated/operations.js';
import { resourceData } from '../../generated/resources.js';
import type { ResourceData } from '../../src/contract/types.js';

export const rulesById: Readonly<Record<string, ResourceData | undefined>> = Object.fromEntries(
  Object.keys(operations).map((id, i) => [id, resourceData[i]]),
);
