/** Types shared by the resource layer and generated/resources.ts. */
import type { paths } from '../../generated/schema.js';

export type { InventPromise } from './promise.js';

/** A path template of the contract. */
type Path = keyof paths;
/** The lower-case HTTP methods an operation can have. */
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** One operation's types, by path template and method (`paths['/orgs/{org_id}/contacts']['get']`). */
type Op<P extends Path, M extends Method> = NonNullable<paths[P][M & keyof paths[P]]>;

/** The query parameters of an operation, as one object. */
export type QueryParams<P extends Path, M extends Method> = NonNullable<Op<P, M> extends { parameters: { query?: infer Q } } ? Q : never>;
/** The header parameters of an operation, as one object. */
export type HeaderParams<P extends Path, M extends Method> = NonNullable<Op<P, M> extends { parameters: { header?: infer H } } ? H : never>;
/** The request body of an operation in one media type. */
export type RequestBody<P extends Path, M extends Method, Media extends string> =
  NonNullable<Op<P, M> extends { requestBody?: infer B } ? B : never> extends { content: infer C } ? C[Media & keyof C] : never;
/** The body of one response of an operation. */
export type ResponseBody<P extends Path, M extends Method, Status extends string | number, Media extends string> =
  Op<P, M> extends { responses: infer R } ? (R[Status & keyof R] extends { content: infer C } ? C[Media & keyof C] : never) : never;
/** The element type of a list. */
export type ItemOf<T> = T extends ReadonlyArray<infer I> ? I : never;
/** A multipart body: every field may also be a `Blob` (or `File`), sent as a file part. */
export type Multipart<T> = { [K in keyof T]: T[K] | Blob };
/** `A` with the keys of `B` replaced by `B`'s. */
export type Override<A, B> = Omit<A, keyof B> & B;

type Enumerate<N extends number, Acc extends number[] = []> = Acc['length'] extends N ? Acc[number] : Enumerate<N, [...Acc, Acc['length']]>;
/**
 * The integers `Lo..Hi` as a literal union, so an out-of-range literal (`take: 101`) is a type
 * error. A `number` variable needs a check or a cast (`take: n as PageSize`).
 */
export type IntRange<Lo extends number, Hi extends number> = Exclude<Enumerate<Hi>, Enumerate<Lo>> | Hi;
/** A valid `take`: 1 to 100. */
export type PageSize = IntRange<1, 100>;

export type { RequestOptions } from '../call-options.js';

export type { ResourceData } from '../contract/types.js';
