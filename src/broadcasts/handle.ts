/**
 * The handle `invent.broadcasts.transactional(id)` returns. It is part of the main bundle, so it is
 * kept thin: it holds the client, the broadcast id and the organization, answers the list calls
 * through the generated methods, and forwards everything else to ./impl.ts (zod, the send path,
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
import { InventPromise } from '../resources/promise.js';
import type { RequestOptions } from '../resources/types.js';
import type {
  Broadcast,
  BroadcastField,
  BroadcastRecipient,
  BroadcastStatus,
  BroadcastTemplate,
  BroadcastTemplateCreate,
  BroadcastTemplateUpdate,
  FindRecipientsOptions,
  SendArguments,
  SendManyItem,
  SendManyOptions,
  SendManyResult,
  SendManyRun,
  SendManySummary,
  TransactionalBroadcast,
  TransactionalFieldInput,
  TransactionalRecipient,
  Variables,
} from './types.js';

type Impl = typeof import('./impl.js');
let loading: Promise<Impl> | undefined;

/** The implementation module, imported once (a failed import is tried again on the next call). */
export function loadImpl(): Promise<Impl> {
  return (loading ??= import('./impl.js').catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
}

export class TransactionalBroadcastHandle<V = Variables> implements TransactionalBroadcast<V> {
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

  findRecipients(recipient: TransactionalRecipient, options?: FindRecipientsOptions): Promise<BroadcastRecipient[]> {
    return loadImpl().then((m) => m.findRecipients(this, recipient, options));
  }

  addTemplate(template: BroadcastTemplateCreate, options?: RequestOptions): Promise<BroadcastTemplate> {
    return loadImpl().then((m) => m.addTemplate(this, template, options));
  }

  updateTemplate(templateId: string, changes: BroadcastTemplateUpdate, options?: RequestOptions): Promise<BroadcastTemplate> {
    return loadImpl().then((m) => m.updateTemplate(this, templateId, changes, options));
  }

  removeTemplate(templateId: string, options?: RequestOptions): Promise<void> {
    return loadImpl().then((m) => m.removeTemplate(this, templateId, options));
  }

  addField(field: TransactionalFieldInput, options?: RequestOptions): Promise<BroadcastField> {
    return loadImpl().then((m) => m.addField(this, field, options));
  }

  updateField(fieldId: string, changes: Partial<TransactionalFieldInput>, options?: RequestOptions): Promise<BroadcastField> {
    return loadImpl().then((m) => m.updateField(this, fieldId, changes, options));
  }

  removeField(fieldId: string, options?: RequestOptions): Promise<void> {
    return loadImpl().then((m) => m.removeField(this, fieldId, options));
  }

  activate(options?: RequestOptions): Promise<Broadcast> {
    return loadImpl().then((m) => m.activate(this, options));
  }

  resume(options?: RequestOptions): Promise<Broadcast> {
    return loadImpl().then((m) => m.resume(this, options));
  }

  pause(options?: RequestOptions): Promise<Broadcast> {
    return loadImpl().then((m) => m.pause(this, options));
  }

  ensureActive(options?: RequestOptions): Promise<Broadcast> {
    return loadImpl().then((m) => m.ensureActive(this, options));
  }
}
