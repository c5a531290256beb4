import type { paths } from '../../generated/schema.js';

/**
 * The generated `paths` with `org_id` made optional: the client fills it from its `orgId` option, so
 * callers pass it only to address another organization (a sub-organization, say).
 */
type OrgOptionalPath<Path> = Path extends { org_id: string } ? Omit<Path, 'org_id'> & { org_id?: string } : Path;

type OrgOptionalParameters<Params> = Params extends { path: infer Path }
  ? Omit<Params, 'path'> &
      (Path extends { org_id: string }
        ? {} extends Omit<Path, 'org_id'>
          ? { path?: OrgOptionalPath<Path> }
          : { path: OrgOptionalPath<Path> }
        : { path: Path })
  : Params;

/** One operation of `paths` with `org_id` optional. */
export type OrgOptionalOperation<Op> = Op extends { parameters: infer Params }
  ? Omit<Op, 'parameters'> & { parameters: OrgOptionalParameters<Params> }
  : Op;

/** The contract's `paths` as the client's typed calls take them: `org_id` is optional (the client's `orgId` fills it). */
export type InventPaths = {
  [P in keyof paths]: {
    [M in keyof paths[P]]: M extends 'get' | 'put' | 'post' | 'delete' | 'patch' ? OrgOptionalOperation<paths[P][M]> : paths[P][M];
  };
};
