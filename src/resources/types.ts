/** Types shared by the resource layer and generated/resources.ts. */
import type { paths } from '../../generated/schema.js';
import type { CallOptions } from '../transport/types.js';

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

/** The options every resource method takes as its last argument. */
export interface RequestOptions extends CallOptions {
  /** The organization for this call (a sub-organization's id); defaults to the client's `orgId`. */
  orgId?: string;
  /** Aborts the call (every attempt, and for a list every page request). */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
  /**
   * Fields the contract does not document, sent on purpose and unchecked: merged into the JSON body
   * (or, for an operation without one, the query string). `params` takes documented fields only.
   */
  extra?: Record<string, unknown>;
}

/**
 * What generated/resources.ts records per operation (the format of a rule is described in
 * scripts/lib/resources-module.ts).
 */
export interface ResourceData {
  /** Query parameter rules; their names are the keys of `params` that go to the query string. */
  readonly q?: readonly string[];
  /** Header parameter rules. */
  readonly h?: readonly string[];
  /** Rules for top-level body fields. */
  readonly b?: readonly string[];
  /** Sets of body fields of which at least one must be given in full (`[["email"], ["phone"]]`). */
  readonly oneOf?: ReadonlyArray<readonly string[]>;
  /** The body is passed whole as `params.body` (it is not an object, or a field shares a parameter's name). */
  readonly whole?: 'required' | 'optional';
  /** How to read a non-JSON success response. */
  readonly parse?: 'text' | 'blob';
  /** Not generated: a slot kept for a hand-written method (e.g. `inbox.connect`, a WebSocket). */
  readonly reserved?: string;
}
