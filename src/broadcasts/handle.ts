/**
 * The handle `invent.broadcasts.transactional(id)` returns. It is part of the main bundle, so it is
 * kept thin: it holds the client, the broadcast id and the organization, answers the list calls
 * through the generated methods, and forwards everything else to ./impl.ts (valibot, the send path,
 * sendMany, the lifecycle rules), which is imported on the first call that needs it.
 */
import type {
  BroadcastsFieldsListParams,
  BroadcastsRecipientsListParams,
  BroadcastsTemplatesListParams,
} from '../../generated/resources.js';
import type { BroadcastsClient } from './client.js';
import { InventValidationError } from '../errors.js';
import type { ListOptions, ListPromise } from '../pagination/list.js';
import { lazy } from '../internal/lazy.js';
import { InventPromise } from '../resources/promise.js';
import type { RequestOptions } from '../resources/types.js';
import type {
  Broadcast,
  BroadcastField,
  BroadcastRecipient,
  BroadcastStatus,
  BroadcastTemplate,
  SendArguments,
  SendManyItem,
  SendManyOptions,
  SendManyResult,
  SendManyRun,
  SendManySummary,
  TransactionalBroadcast,
  TransactionalRecipient,
  Variables,
} from './types.js';

/** The implementation module, imported on the first call that needs it. */
export const loadImpl = lazy(() => import('./impl.js'));

/** The calls ./impl.ts answers whole: `handle.activate(options)` is `impl.activate(handle, options)`. */
const FORWARDED = [
  'findRecipients',
  'addTemplate',
  'updateTemplate',
  'removeTemplate',
  'addField',
  'updateField',
  'removeField',
  'activate',
  'resume',
  'pause',
  'ensureActive',
] as const;
type Forwarded = (typeof FORWARDED)[number];

export class TransactionalBroadcastHandle<V = Variables> implements TransactionalBroadcast<V> {
  // One forwarder each on the prototype, defined in the static block below.
  declare readonly findRecipients: TransactionalBroadcast<V>['findRecipients'];
  declare readonly addTemplate: TransactionalBroadcast<V>['addTemplate'];
  declare readonly updateTemplate: TransactionalBroadcast<V>['updateTemplate'];
  declare readonly removeTemplate: TransactionalBroadcast<V>['removeTemplate'];
  declare readonly addField: TransactionalBroadcast<V>['addField'];
  declare readonly updateField: TransactionalBroadcast<V>['updateField'];
  declare readonly removeField: TransactionalBroadcast<V>['removeField'];
  declare readonly activate: TransactionalBroadcast<V>['activate'];
  declare readonly resume: TransactionalBroadcast<V>['resume'];
  declare readonly pause: TransactionalBroadcast<V>['pause'];
  declare readonly ensureActive: TransactionalBroadcast<V>['ensureActive'];

  constructor(
    readonly client: BroadcastsClient,
    readonly id: string,
    readonly orgId: string | undefined,
  ) {
    if (typeof id !== 'string' || id.trim() === '')
      throw new InventValidationError(`broadcasts.transactional: broadcastId must be a non-empty string, got ${JSON.stringify(id)}`);
    if (orgId !== undefined && (typeof orgId !== 'string' || orgId === ''))
      throw new InventValidationError('broadcasts.transactional: options.orgId must be a non-empty string');
  }

  /** Per-call options with this handle's organization. */
  options<O extends RequestOptions>(options?: O): O {
    return (this.orgId === undefined || options?.orgId !== undefined ? { ...options } : { ...options, orgId: this.orgId }) as O;
  }

  send(recipient: TransactionalRecipient, ...options: SendArguments<V>): InventPromise<BroadcastRecipient[]> {
    return new InventPromise(loadImpl().then((m) => m.send(this, recipient, options[0])));
  }

  sendMany(items: Iterable<SendManyItem<V>> | AsyncIterable<SendManyItem<V>>, options?: SendManyOptions): SendManyRun<V> {
    // The run is thenable, so it travels in a box: a promise resolved with it would await its summary.
    let box: Promise<{ run: SendManyRun<V> }> | undefined;
    const start = () => (box ??= loadImpl().then((m) => ({ run: m.sendMany<V>(this, items, options) })));
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<SendManyResult<V>, void, undefined> {
        yield* (await start()).run;
      },
      get summary(): Promise<SendManySummary<V>> {
        return start().then((b) => b.run.summary);
      },
      then(onfulfilled, onrejected) {
        return start()
          .then((b) => b.run.summary)
          .then(onfulfilled, onrejected);
      },
    };
  }

  recipients(params?: BroadcastsRecipientsListParams, options?: ListOptions): ListPromise<BroadcastRecipient> {
    return this.client.broadcasts.recipients.list(this.id, params, this.options(options));
  }

  get(options?: RequestOptions): Promise<Broadcast> {
    return this.client.broadcasts.get(this.id, this.options(options));
  }

  status(options?: RequestOptions): Promise<BroadcastStatus | undefined> {
    return this.get(options).then((b) => b.status);
  }

  templates(params?: BroadcastsTemplatesListParams, options?: ListOptions): ListPromise<BroadcastTemplate> {
    return this.client.broadcasts.templates.list(this.id, params, this.options(options));
  }

  fields(params?: BroadcastsFieldsListParams, options?: ListOptions): ListPromise<BroadcastField> {
    return this.client.broadcasts.fields.list(this.id, params, this.options(options));
  }

  static {
    for (const name of FORWARDED) {
      // Like a method: on the prototype, not enumerable.
      Object.defineProperty(TransactionalBroadcastHandle.prototype, name, {
        value(this: TransactionalBroadcastHandle, ...args: unknown[]) {
          return loadImpl().then((m) => (m[name] as (handle: TransactionalBroadcastHandle, ...args: unknown[]) => unknown)(this, ...args));
        },
        writable: true,
        configurable: true,
      });
    }
  }
}

/** Each forwarded call has its implementation, taking the handle and then the method's own arguments. */
type Implements<K extends Forwarded> = (
  handle: TransactionalBroadcastHandle,
  ...args: Parameters<TransactionalBroadcast[K]>
) => ReturnType<TransactionalBroadcast[K]>;
true satisfies { [K in Forwarded]: typeof import('./impl.js')[K] } extends { [K in Forwarded]: Implements<K> } ? true : false;
