/**
 * Setting a transactional broadcast up from code, with Invent's documented status rules checked
 * before any change, where the SDK can know (it reads the broadcast, and its templates when needed):
 *
 *   rule                          documented                                                   checked by
 *   transactional-only            the type is chosen at creation and never changes;            createTransactional (type), every
 *                                 marketing broadcasts are scheduled, not activated            lifecycle call (the type read)
 *   activate-from-draft-or-paused "Allowed from DRAFT or PAUSED"                               activate, ensureActive
 *   activate-needs-template       "With at least one complete template, click Activate"        activate, ensureActive (DRAFT)
 *   resume-from-paused            Resume reopens a PAUSED broadcast (the activate endpoint)    resume
 *   pause-from-active             Pause closes an ACTIVE broadcast                             pause
 *   templates-in-draft-only       "Channels can only be edited while the broadcast is in Draft" addTemplate, updateTemplate, removeTemplate
 *
 * A status or type the API leaves out of its answer is not held against the call (the API decides).
 * The checks are a courtesy, not a lock: the state can change between the read and the call, and the
 * API enforces the same rules.
 */
import type { BroadcastsClient } from './client.js';
import { InventValidationError } from '../errors.js';
import type { RequestOptions } from '../resources/types.js';
import { BroadcastSetupError, BroadcastStateError, type BroadcastRule } from './errors.js';
import type { HandleLike } from './send.js';
import type {
  Broadcast,
  BroadcastField,
  BroadcastTemplate,
  BroadcastTemplateCreate,
  BroadcastTemplateUpdate,
  CreateTransactionalInput,
  TransactionalFieldInput,
} from './types.js';

/** What each rule says, for messages. */
export const BROADCAST_RULES: Readonly<Record<BroadcastRule, string>> = {
  'transactional-only':
    'these helpers work on TRANSACTIONAL broadcasts (a broadcast type is chosen at creation and never changes; a MARKETING broadcast is created with invent.broadcasts.create and scheduled, not activated)',
  'activate-from-draft-or-paused': 'a transactional broadcast can be activated only from DRAFT or PAUSED',
  'activate-needs-template': 'a transactional broadcast needs at least one template (channel) before it can be activated',
  'resume-from-paused': 'only a PAUSED transactional broadcast can be resumed',
  'pause-from-active': 'only an ACTIVE transactional broadcast can be paused',
  'templates-in-draft-only': 'templates (channels) can be added, changed or removed only while the broadcast is DRAFT',
};

function refuse(rule: BroadcastRule, handle: HandleLike | undefined, broadcast: Broadcast | undefined, what: string): never {
  const status = broadcast?.status;
  const where = handle ? `broadcast ${handle.id}${status ? ` is ${status}` : ''}` : '';
  throw new BroadcastStateError({
    rule,
    message: `${what}: ${BROADCAST_RULES[rule]}${where ? `; ${where}` : ''} [rule: ${rule}]`,
    broadcastId: handle?.id,
    broadcastStatus: status,
  });
}

/** Reads the broadcast and refuses a non-transactional one. */
async function readTransactional(handle: HandleLike, options: RequestOptions | undefined, what: string): Promise<Broadcast> {
  const broadcast = await handle.client.broadcasts.get(handle.id, handle.options(options));
  if (broadcast.type !== undefined && broadcast.type !== 'TRANSACTIONAL') refuse('transactional-only', handle, broadcast, what);
  return broadcast;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function checkId(what: string, name: string, value: unknown): void {
  if (!nonEmpty(value)) throw new InventValidationError(`${what}: ${name} must be a non-empty string, got ${JSON.stringify(value)}`);
}

function checkObject(what: string, name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InventValidationError(`${what}: ${name} must be an object`);
}

/** `{ name, defaultValue }` as the wire's `{ name, default_value }`. */
function fieldBody(what: string, field: Partial<TransactionalFieldInput>, partial: boolean): { name?: string; default_value?: string } {
  checkObject(what, 'the field', field);
  for (const key of Object.keys(field)) {
    if (key !== 'name' && key !== 'defaultValue')
      throw new InventValidationError(
        `${what}: unknown key ${key}${key === 'default_value' ? ' (write defaultValue)' : ''}; a field has name and defaultValue`,
      );
  }
  if (!partial || field.name !== undefined) checkId(what, 'name', field.name);
  if (field.defaultValue !== undefined && typeof field.defaultValue !== 'string')
    throw new InventValidationError(`${what}: defaultValue must be a string`);
  return {
    ...(field.name !== undefined ? { name: field.name } : {}),
    ...(field.defaultValue !== undefined ? { default_value: field.defaultValue } : {}),
  };
}

// --- reads are on the handle (get, status, templates, fields, recipients); changes below ---

export async function addTemplate(
  handle: HandleLike,
  template: BroadcastTemplateCreate,
  options?: RequestOptions,
): Promise<BroadcastTemplate> {
  checkObject('addTemplate', 'the template', template);
  const broadcast = await readTransactional(handle, options, 'addTemplate');
  if (broadcast.status !== undefined && broadcast.status !== 'DRAFT') refuse('templates-in-draft-only', handle, broadcast, 'addTemplate');
  return handle.client.broadcasts.templates.create(handle.id, template, handle.options(options));
}

export async function updateTemplate(
  handle: HandleLike,
  templateId: string,
  changes: BroadcastTemplateUpdate,
  options?: RequestOptions,
): Promise<BroadcastTemplate> {
  checkId('updateTemplate', 'templateId', templateId);
  checkObject('updateTemplate', 'the changes', changes);
  const broadcast = await readTransactional(handle, options, 'updateTemplate');
  if (broadcast.status !== undefined && broadcast.status !== 'DRAFT')
    refuse('templates-in-draft-only', handle, broadcast, 'updateTemplate');
  return handle.client.broadcasts.templates.update(handle.id, templateId, changes, handle.options(options));
}

export async function removeTemplate(handle: HandleLike, templateId: string, options?: RequestOptions): Promise<void> {
  checkId('removeTemplate', 'templateId', templateId);
  const broadcast = await readTransactional(handle, options, 'removeTemplate');
  if (broadcast.status !== undefined && broadcast.status !== 'DRAFT')
    refuse('templates-in-draft-only', handle, broadcast, 'removeTemplate');
  await handle.client.broadcasts.templates.delete(handle.id, templateId, handle.options(options));
}

export async function addField(handle: HandleLike, field: TransactionalFieldInput, options?: RequestOptions): Promise<BroadcastField> {
  return handle.client.broadcasts.fields.create(handle.id, fieldBody('addField', field, false), handle.options(options));
}

export async function updateField(
  handle: HandleLike,
  fieldId: string,
  changes: Partial<TransactionalFieldInput>,
  options?: RequestOptions,
): Promise<BroadcastField> {
  checkId('updateField', 'fieldId', fieldId);
  return handle.client.broadcasts.fields.update(handle.id, fieldId, fieldBody('updateField', changes, true), handle.options(options));
}

export async function removeField(handle: HandleLike, fieldId: string, options?: RequestOptions): Promise<void> {
  checkId('removeField', 'fieldId', fieldId);
  await handle.client.broadcasts.fields.delete(handle.id, fieldId, handle.options(options));
}

/** DRAFT (with a template) or PAUSED -> ACTIVE, from a broadcast already read. */
async function activateFrom(
  handle: HandleLike,
  broadcast: Broadcast,
  options: RequestOptions | undefined,
  what: string,
): Promise<Broadcast> {
  const status = broadcast.status;
  if (status !== undefined && status !== 'DRAFT' && status !== 'PAUSED') refuse('activate-from-draft-or-paused', handle, broadcast, what);
  if (status !== 'PAUSED') {
    // A paused broadcast was active, so it has its templates (they cannot be removed once it left DRAFT).
    const page = await handle.client.broadcasts.templates.list(handle.id, { take: 1 }, handle.options(options));
    if (page.items.length === 0) refuse('activate-needs-template', handle, broadcast, what);
  }
  return handle.client.broadcasts.activate(handle.id, handle.options(options));
}

export async function activate(handle: HandleLike, options?: RequestOptions): Promise<Broadcast> {
  const broadcast = await readTransactional(handle, options, 'activate');
  if (broadcast.status === 'ACTIVE') {
    throw new BroadcastStateError({
      rule: 'activate-from-draft-or-paused',
      message: `activate: ${BROADCAST_RULES['activate-from-draft-or-paused']}; broadcast ${handle.id} is already ACTIVE (ensureActive() accepts an active broadcast) [rule: activate-from-draft-or-paused]`,
      broadcastId: handle.id,
      broadcastStatus: 'ACTIVE',
    });
  }
  return activateFrom(handle, broadcast, options, 'activate');
}

export async function ensureActive(handle: HandleLike, options?: RequestOptions): Promise<Broadcast> {
  const broadcast = await readTransactional(handle, options, 'ensureActive');
  if (broadcast.status === 'ACTIVE') return broadcast;
  return activateFrom(handle, broadcast, options, 'ensureActive');
}

export async function resume(handle: HandleLike, options?: RequestOptions): Promise<Broadcast> {
  const broadcast = await readTransactional(handle, options, 'resume');
  if (broadcast.status !== undefined && broadcast.status !== 'PAUSED') refuse('resume-from-paused', handle, broadcast, 'resume');
  // Invent has no resume endpoint: activating a PAUSED broadcast resumes it with its configuration.
  return handle.client.broadcasts.activate(handle.id, handle.options(options));
}

export async function pause(handle: HandleLike, options?: RequestOptions): Promise<Broadcast> {
  const broadcast = await readTransactional(handle, options, 'pause');
  if (broadcast.status !== undefined && broadcast.status !== 'ACTIVE') refuse('pause-from-active', handle, broadcast, 'pause');
  return handle.client.broadcasts.pause(handle.id, handle.options(options));
}

/**
 * `invent.broadcasts.createTransactional(input)`: creates a TRANSACTIONAL broadcast (DRAFT), then its
 * properties and templates, and returns its handle. The input is checked before any request; a step
 * that fails after the broadcast exists is a BroadcastSetupError naming the broadcast.
 */
export async function createTransactional<H extends HandleLike>(
  client: BroadcastsClient,
  input: CreateTransactionalInput,
  options: RequestOptions,
  // The handle class is passed in: it loads this module, so importing it here would close a cycle.
  handleFor: (broadcastId: string) => H,
): Promise<H> {
  const what = 'createTransactional';
  checkObject(what, 'the input', input);
  const { name, type, fields = [], templates = [], ...rest } = input as CreateTransactionalInput & Record<string, unknown>;
  if (type !== undefined && type !== 'TRANSACTIONAL')
    refuse('transactional-only', undefined, undefined, `${what} with type ${String(type)}`);
  const unknown = Object.keys(rest);
  if (unknown.length) throw new InventValidationError(`${what}: unknown key ${unknown.join(', ')} (expected name, fields, templates)`);
  checkId(what, 'name', name);
  if (!Array.isArray(fields)) throw new InventValidationError(`${what}: fields must be an array of { name, defaultValue? }`);
  if (!Array.isArray(templates)) throw new InventValidationError(`${what}: templates must be an array of template bodies`);
  const fieldBodies = fields.map((field, i) => fieldBody(`${what}: fields[${i}]`, field, false));
  templates.forEach((template, i) => checkObject(what, `templates[${i}]`, template));

  // The answer's type is not checked: the broadcast was created with type TRANSACTIONAL.
  const broadcast = await client.broadcasts.create({ name, type: 'TRANSACTIONAL' }, options);
  const id = broadcast.id;
  if (!nonEmpty(id)) throw new InventValidationError(`${what}: the API answered without a broadcast id`);
  const handle = handleFor(id);
  const step = async <T>(label: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new BroadcastSetupError(
        `${what}: broadcast ${id} was created (DRAFT), then ${label} failed: ${reason}. The broadcast exists: finish it with invent.broadcasts.transactional('${id}') or delete it`,
        { broadcastId: id, step: label, cause },
      );
    }
  };
  for (const [i, body] of fieldBodies.entries()) {
    await step(`adding field ${i + 1} of ${fieldBodies.length} (${body.name})`, () =>
      client.broadcasts.fields.create(id, body, handle.options(options)),
    );
  }
  for (const [i, template] of templates.entries()) {
    await step(`adding template ${i + 1} of ${templates.length}`, () =>
      client.broadcasts.templates.create(id, template, handle.options(options)),
    );
  }
  return handle;
}
