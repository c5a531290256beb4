/**
 * The public types of the transactional-broadcast helpers. Type-only: nothing here reaches a bundle.
 *
 * Input keys are camelCase (`contactChannelId`, `contactId`, `templateIds`, `defaultValue`) and are
 * mapped to the wire's snake_case by the SDK; records the API returns (BroadcastRecipient, Broadcast,
 * BroadcastTemplate) are the contract's types of those operations, unchanged. Template bodies are the
 * request bodies of the template operations, passed as they are (their wire format is open in the contract).
 */
import type {
  BroadcastsFieldsListParams,
  BroadcastsRecipientsListParams,
  BroadcastsTemplatesListParams,
} from '../../generated/resources.js';
import type { ListOptions, ListPromise } from '../pagination/list.js';
import type { InventPromise } from '../resources/promise.js';
import type { ItemOf, PageSize, RequestBody, RequestOptions, ResponseBody } from '../resources/types.js';

// Types come from the operations that carry them (path and method), never from the contract's
// schema names, which a regenerated contract may rename or inline.
type Media = 'application/json';
/** A broadcast as the API returns it (`GET /orgs/{org_id}/broadcasts/{broadcast_id}`). */
export type Broadcast = ResponseBody<'/orgs/{org_id}/broadcasts/{broadcast_id}', 'get', 200, Media>;
/** A broadcast's status: DRAFT, ACTIVE or PAUSED for a transactional one. */
export type BroadcastStatus = NonNullable<Broadcast['status']>;
/** One message of a broadcast to one recipient on one channel, as the API returns it (an item of `GET .../recipients`). */
export type BroadcastRecipient = ItemOf<ResponseBody<'/orgs/{org_id}/broadcasts/{broadcast_id}/recipients', 'get', 200, Media>>;
/** One channel of a broadcast with its template, as the API returns it (an item of `GET .../templates`). */
export type BroadcastTemplate = ItemOf<ResponseBody<'/orgs/{org_id}/broadcasts/{broadcast_id}/templates', 'get', 200, Media>>;
/** The body that adds a template (channel) to a DRAFT broadcast (`POST .../templates`). */
export type BroadcastTemplateCreate = RequestBody<'/orgs/{org_id}/broadcasts/{broadcast_id}/templates', 'post', Media>;
/** The fields to change on a template of a DRAFT broadcast (`PATCH .../templates/{template_id}`). */
export type BroadcastTemplateUpdate = RequestBody<'/orgs/{org_id}/broadcasts/{broadcast_id}/templates/{template_id}', 'patch', Media>;
/** A property of a broadcast (a per-recipient variable with a default), as the API returns it (an item of `GET .../fields`). */
export type BroadcastField = ItemOf<ResponseBody<'/orgs/{org_id}/broadcasts/{broadcast_id}/fields', 'get', 200, Media>>;

/** Every field a recipient may have; which of them may be left out is decided by TransactionalRecipient. */
export interface RecipientFields {
  /** The exact contact channel to send on (highest precedence: skips contact resolution and the channel-availability filter). Wire: `contact_channel_id`. */
  contactChannelId?: string;
  /** A known contact; the channel is chosen per template at send time. Wire: `contact_id`. */
  contactId?: string;
  /** A phone number with its country code (`+14155550123`). Alone: Invent finds or creates the contact. With an id: the phone to deliver to, for this send only. */
  phone?: string;
  /** An email address. Alone: Invent finds or creates the contact. With an id: the address to deliver to, for this send only. */
  email?: string;
  /** Display-name override for this send. Never identifies a recipient on its own. */
  name?: string;
}

/**
 * Who one trigger is for: at least one identifier, in the API's precedence `contactChannelId` >
 * `contactId` > `phone` / `email`. `name` only overrides the display name: `{ name }` alone is not a
 * recipient (a type error, and a SendInputError at run time).
 */
export type TransactionalRecipient =
  | (RecipientFields & {
      /** Identifies the recipient by the exact contact channel to send on. */
      contactChannelId: string;
    })
  | (RecipientFields & {
      /** Identifies the recipient by a known contact. */
      contactId: string;
    })
  | (RecipientFields & {
      /** Identifies the recipient by phone number (with its country code). */
      phone: string;
    })
  | (RecipientFields & {
      /** Identifies the recipient by email address. */
      email: string;
    });

/** The values of a broadcast's properties: declared by the caller (`transactional<{ otp: string }>(id)`), else any object. */
export type Variables = Record<string, unknown>;

/** `variables` is required when the declared type has required keys, optional otherwise. */
export type VariablesField<V> = {} extends V
  ? { /** Values for the broadcast's properties, by name; properties left out use their defaults. */ variables?: V }
  : { /** Values for the broadcast's properties, by name; properties left out use their defaults. */ variables: V };

/** What a send fires besides the recipient. */
export interface SendFields {
  /** Fire only these templates (channels) of the broadcast; leave out to fire every one. Wire: `template_ids`. */
  templateIds?: readonly string[];
  /**
   * false (default): wait for the send; each record carries the provider's `external_message_id`.
   * true: Invent enqueues the send and answers at once.
   */
  background?: boolean;
}

/** The options of `send`: variables, templates, background, and the per-call options (`signal`, `timeout`, `headers`, `orgId`, `maxRetries`). */
export type SendOptions<V = Variables> = SendFields & VariablesField<V> & RequestOptions;

/** `send`'s options argument: required when the declared variables have required keys. */
export type SendArguments<V> = {} extends V ? [options?: SendOptions<V>] : [options: SendOptions<V>];

/** One item of a batch: a recipient, its variables, and optionally templates and background. */
export type SendManyItem<V = Variables> = {
  /** Who this item is sent to. */
  recipient: TransactionalRecipient;
} & SendFields &
  VariablesField<V>;

/** Counts while a batch runs, given to `onProgress` after each item ends. */
export interface SendManyProgress {
  /** Items ended so far (sent or failed). */
  readonly done: number;
  /** Items sent so far (the API accepted the trigger). */
  readonly sent: number;
  /** Failed items, the invalid and the unknown-outcome ones included. */
  readonly failed: number;
  /** Sends in flight (queued in the rate limiter or on the wire). */
  readonly inFlight: number;
  /** The number of items, when the input is an array. */
  readonly total: number | undefined;
}

/** The options of `sendMany`: concurrency, progress, when to stop, an abort signal, and defaults for the items. */
export interface SendManyOptions {
  /** Sends in flight at once (queued in the rate limiter included). Default 10. Pacing comes from the client's rate limiter. */
  concurrency?: number;
  /** Called after each item ends (in the order items end). A throwing callback is ignored. */
  onProgress?: (progress: SendManyProgress) => void;
  /** Keep every result in the summary (`summary.results`). Off by default, so memory stays flat: only failures are kept. */
  keepResults?: boolean;
  /**
   * Which failures stop the batch (no new item is started; items in flight end; `summary.stopped`
   * says where it stopped). Default: failures every later item would get too: AuthenticationError,
   * BroadcastNotActiveError, and NotFoundError (the broadcast does not exist). `() => false` never stops.
   */
  stopOn?: (error: Error) => boolean;
  /** Aborts the batch: nothing new starts, sends in flight are aborted. */
  signal?: AbortSignal;
  /** `background` for items that do not set it. */
  background?: boolean;
  /** `templateIds` for items that do not set them. */
  templateIds?: readonly string[];
  /** Per-call options for every send (`timeout`, `headers`, `orgId`, `maxRetries`). */
  request?: Omit<RequestOptions, 'signal'>;
}

/** The result of one item of a batch, in input order. */
export type SendManyResult<V = Variables> =
  | {
      /** True: the item was sent. */
      readonly ok: true;
      /** The item's position in the input, from 0. */
      readonly index: number;
      /** The item, as read from the input. */
      readonly item: SendManyItem<V>;
      /** What the send returned: one record per template fired (sent or skipped). */
      readonly records: BroadcastRecipient[];
    }
  | {
      /** False: the item failed (see `error`). */
      readonly ok: false;
      /** The item's position in the input, from 0. */
      readonly index: number;
      /** The item, as read from the input: resubmit it once fixed. */
      readonly item: SendManyItem<V>;
      /** SendInputError (not sent), RecipientRejectedError, BroadcastNotActiveError, SendOutcomeUnknownError, ... */
      readonly error: Error;
      /** True when the item may have been sent (SendOutcomeUnknownError, or an abort after it was sent): reconcile before resubmitting. */
      readonly outcomeUnknown: boolean;
    };

/** The result of a failed item: the `ok: false` branch of SendManyResult. */
export type SendManyFailure<V = Variables> = Extract<
  SendManyResult<V>,
  {
    /** Selects the failed branch. */
    ok: false;
  }
>;

/** What a batch did. */
export interface SendManySummary<V = Variables> {
  /** Items read from the input (attempted or refused locally); items after a stop are not read. */
  readonly total: number;
  /** Items sent (the API accepted the trigger). */
  readonly sent: number;
  /** Failed items (invalid and unknown-outcome ones included). */
  readonly failed: number;
  /** Items refused locally (SendInputError): never sent. */
  readonly invalid: number;
  /** Items that may or may not have been sent (SendOutcomeUnknownError): check with `findRecipients` before resubmitting. */
  readonly outcomeUnknown: number;
  /** Every failed item with its error, in input order: resubmit `failures.filter((f) => !f.outcomeUnknown).map((f) => f.item)` once fixed. */
  readonly failures: SendManyFailure<V>[];
  /** Every result in input order, with `keepResults: true`. */
  readonly results?: SendManyResult<V>[];
  /** Set when the batch stopped early: the error (from `stopOn`, the signal, or the input), and the index of the first item not read. */
  readonly stopped?: {
    /** Why the batch stopped: the failure `stopOn` matched, the signal's reason, the input's error, or results no longer read. */
    readonly error: Error;
    /** The index of the first item not started: items from here on were not sent. */
    readonly nextIndex: number;
  };
  /** How long the batch ran, in milliseconds. */
  readonly durationMs: number;
}

/**
 * A running batch: `for await` over it for per-item results in input order, and/or `await` it for the
 * summary. Nothing is sent until it is iterated or awaited.
 */
export interface SendManyRun<V = Variables> extends AsyncIterable<SendManyResult<V>>, PromiseLike<SendManySummary<V>> {
  /** The summary, once the batch has ended (awaiting the run is the same). */
  readonly summary: Promise<SendManySummary<V>>;
}

/** The options of `findRecipients`: page size, a start time, and the list options except `concurrency` (pages are read one at a time). */
export interface FindRecipientsOptions extends Omit<ListOptions, 'concurrency'> {
  /** Records per page of the walk (default 100, the most). */
  take?: PageSize;
  /**
   * Only records sent (or created) at or after this time. Timestamps are the server's: leave a margin if
   * your clock may be ahead. Records without a timestamp are always included.
   */
  since?: Date | string | number;
}

/** A property of a transactional broadcast: its name and the value used when a send gives none. */
export interface TransactionalFieldInput {
  /** The property name templates refer to (`otp`, `order_id`). */
  name: string;
  /** Used when a send's `variables` leave it out. Wire: `default_value`. */
  defaultValue?: string;
}

/** What `createTransactional` creates: a TRANSACTIONAL broadcast in DRAFT, then its properties and templates. */
export interface CreateTransactionalInput {
  /** A descriptive name, e.g. "Login OTP". */
  name: string;
  /** Always TRANSACTIONAL: marketing broadcasts are created with `invent.broadcasts.create`. */
  type?: 'TRANSACTIONAL';
  /** Properties (broadcast fields) to add, with their defaults. */
  fields?: readonly TransactionalFieldInput[];
  /** Templates (one per channel) to add, as the contract's BroadcastTemplateCreate bodies. */
  templates?: readonly BroadcastTemplateCreate[];
}

/** Where a handle sends: the broadcast and (optionally) the organization. */
export interface TransactionalOptions {
  /** The organization of the broadcast (a sub-organization's id); defaults to the client's. */
  orgId?: string;
}

/**
 * A transactional broadcast, by id: send to one recipient (or many), and set it up, activate, pause
 * and resume it. Created synchronously by `invent.broadcasts.transactional(id)`; its implementation
 * (and valibot) is loaded on the first call that needs it.
 */
export interface TransactionalBroadcast<V = Variables> {
  /** The broadcast's id, as given to `transactional(id)`. */
  readonly id: string;
  /** The organization calls go to, when not the client's. */
  readonly orgId: string | undefined;

  /**
   * Triggers the broadcast for one recipient: every template (channel) they are reachable on, or
   * `templateIds`. Resolves with one record per template fired (sent or skipped). Never sent twice
   * by the SDK: see SendOutcomeUnknownError. `.withResponse()` gives the Response too.
   */
  send(recipient: TransactionalRecipient, ...options: SendArguments<V>): InventPromise<BroadcastRecipient[]>;
  /** Sends a batch, paced by the send limit: per-item results in input order and a summary. */
  sendMany(items: Iterable<SendManyItem<V>> | AsyncIterable<SendManyItem<V>>, options?: SendManyOptions): SendManyRun<V>;
  /** The recipient records of this broadcast that went to `recipient` (since `options.since`): to reconcile an unknown outcome before resending. */
  findRecipients(recipient: TransactionalRecipient, options?: FindRecipientsOptions): Promise<BroadcastRecipient[]>;
  /** Every recipient record of the broadcast: `await` for a page, `for await` for all. */
  recipients(params?: BroadcastsRecipientsListParams, options?: ListOptions): ListPromise<BroadcastRecipient>;

  /** The broadcast. */
  get(options?: RequestOptions): Promise<Broadcast>;
  /** Its status (DRAFT, ACTIVE, PAUSED). */
  status(options?: RequestOptions): Promise<BroadcastStatus | undefined>;
  /** Its templates (one per channel). */
  templates(params?: BroadcastsTemplatesListParams, options?: ListOptions): ListPromise<BroadcastTemplate>;
  /** Adds a template (channel). The broadcast must be DRAFT (read first). */
  addTemplate(template: BroadcastTemplateCreate, options?: RequestOptions): Promise<BroadcastTemplate>;
  /** Changes a template. The broadcast must be DRAFT (read first). */
  updateTemplate(templateId: string, changes: BroadcastTemplateUpdate, options?: RequestOptions): Promise<BroadcastTemplate>;
  /** Removes a template. The broadcast must be DRAFT (read first). */
  removeTemplate(templateId: string, options?: RequestOptions): Promise<void>;
  /** Its properties (broadcast fields) with their defaults. */
  fields(params?: BroadcastsFieldsListParams, options?: ListOptions): ListPromise<BroadcastField>;
  /** Adds a property with its default. */
  addField(field: TransactionalFieldInput, options?: RequestOptions): Promise<BroadcastField>;
  /** Changes a property's name or default. */
  updateField(fieldId: string, changes: Partial<TransactionalFieldInput>, options?: RequestOptions): Promise<BroadcastField>;
  /** Removes a property. */
  removeField(fieldId: string, options?: RequestOptions): Promise<void>;

  /** DRAFT or PAUSED -> ACTIVE. A DRAFT one needs at least one template. Refused (BroadcastStateError) from any other status. */
  activate(options?: RequestOptions): Promise<Broadcast>;
  /** PAUSED -> ACTIVE (the activate endpoint: Invent has no separate resume). */
  resume(options?: RequestOptions): Promise<Broadcast>;
  /** ACTIVE -> PAUSED: sends are refused until it is resumed. */
  pause(options?: RequestOptions): Promise<Broadcast>;
  /** Makes sure it accepts sends: nothing to do when ACTIVE, else activate() (from DRAFT or PAUSED). */
  ensureActive(options?: RequestOptions): Promise<Broadcast>;
}
