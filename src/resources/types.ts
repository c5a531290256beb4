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

type Enumerate<N extends number, Acc extends number[] = []> = Acc['length'] extends N ? Acc[number] : Enumerate<N, [...Acc, Acc['length']]>;
/**
 * The integers `Lo..Hi` as a literal union, so an out-of-range literal (`take: 101`) is a type
 * error. A `number` variable needs a check or a cast (`take: n as PageSize`).
 */
export type IntRange<Lo extends number, Hi extends number> = Exclude<Enumerate<Hi>, Enumerate<Lo>> | Hi;
/**
 * A valid `take`: 1 to 100. Written out: a literal union costs the checker nothing to build, where
 * `IntRange<1, 100>` recurses a hundred times in every program that imports the SDK.
 */
export type PageSize =
  | 1
  | 2
  | 3
  | 4
  | 5
  | 6
  | 7
  | 8
  | 9
  | 10
  | 11
  | 12
  | 13
  | 14
  | 15
  | 16
  | 17
  | 18
  | 19
  | 20
  | 21
  | 22
  | 23
  | 24
  | 25
  | 26
  | 27
  | 28
  | 29
  | 30
  | 31
  | 32
  | 33
  | 34
  | 35
  | 36
  | 37
  | 38
  | 39
  | 40
  | 41
  | 42
  | 43
  | 44
  | 45
  | 46
  | 47
  | 48
  | 49
  | 50
  | 51
  | 52
  | 53
  | 54
  | 55
  | 56
  | 57
  | 58
  | 59
  | 60
  | 61
  | 62
  | 63
  | 64
  | 65
  | 66
  | 67
  | 68
  | 69
  | 70
  | 71
  | 72
  | 73
  | 74
  | 75
  | 76
  | 77
  | 78
  | 79
  | 80
  | 81
  | 82
  | 83
  | 84
  | 85
  | 86
  | 87
  | 88
  | 89
  | 90
  | 91
  | 92
  | 93
  | 94
  | 95
  | 96
  | 97
  | 98
  | 99
  | 100;

export type { RequestOptions } from '../call-options.js';

export type { ResourceData } from '../contract/types.js';
