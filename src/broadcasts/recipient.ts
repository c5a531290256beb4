/**
 * The run-time check of a send's input (valibot, the modular schema library: a bundle holds only the
 * pieces used, about a third of zod/mini's for these schemas), mirroring the TransactionalRecipient type: at least one
 * identifier (`contactChannelId`, `contactId`, `phone`, `email`); `name` alone is not a recipient;
 * light format checks (an email has an `@` and a dotted domain, a phone starts with `+` and its
 * country code); no unknown keys (a wire name such as `contact_id` or `template_ids` gets a hint,
 * since silently ignoring `template_ids` would fire every template). Loaded lazily with the rest of
 * the transactional implementation.
 */
import * as v from 'valibot';
import { SendInputError, type RecipientSummary, type SendInputIssue } from './errors.js';

/** The identifiers, in the API's precedence. */
export const IDENTIFIERS = ['contactChannelId', 'contactId', 'phone', 'email'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** `+`, then digits with optional spaces, dots, dashes or parentheses. */
const PHONE = /^\+[\d\s().-]+$/;

function isPhone(value: string): boolean {
  if (!PHONE.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15; // E.164: at most 15 digits, country code included
}

const text = (path: string, what: string) =>
  v.pipe(v.string(`${path} must be a string (${what})`), v.trim(), v.minLength(1, `${path} must not be empty`));

/** An issue of a key the schema does not know (strict objects name it as expecting `never`). */
const isUnknownKey = (issue: v.BaseIssue<unknown>) => issue.expected === 'never';

export const recipientSchema = v.pipe(
  v.strictObject({
    contactChannelId: v.optional(text('recipient.contactChannelId', 'a contact channel id')),
    contactId: v.optional(text('recipient.contactId', 'a contact id')),
    phone: v.optional(
      v.pipe(
        text('recipient.phone', 'a phone number with its country code'),
        v.check(
          isPhone,
          (issue) => `recipient.phone must be a phone number with its country code, like +14155550123 (got ${JSON.stringify(issue.input)})`,
        ),
      ),
    ),
    email: v.optional(
      v.pipe(
        text('recipient.email', 'an email address'),
        v.check(
          (value) => EMAIL.test(value),
          (issue) => `recipient.email must be an email address, like ana@example.com (got ${JSON.stringify(issue.input)})`,
        ),
      ),
    ),
    name: v.optional(text('recipient.name', 'a display name')),
  }),
  // Whether an identifier is given can be told only of an object whose fields have the right types;
  // unknown keys and failed format checks do not stop it (the caller sees every problem at once).
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.issues?.some((issue) => issue.kind === 'schema' && !isUnknownKey(issue))) return;
    const recipient = dataset.value as RecipientSummary;
    if (IDENTIFIERS.some((key) => recipient[key] !== undefined)) return;
    addIssue({
      message:
        recipient.name !== undefined
          ? 'the recipient has only a name, which overrides the display name but cannot identify anyone: give contactChannelId, contactId, phone or email too'
          : 'the recipient needs an identifier: give at least one of contactChannelId, contactId, phone or email',
    });
  }),
);

const templateIds = v.pipe(
  v.array(text('templateIds[]', 'a template id'), 'templateIds must be an array of template ids'),
  v.minLength(1, 'templateIds must name at least one template (leave it out to fire every template)'),
  v.readonly(),
);

const VARIABLES = 'variables must be an object of property values, keyed by property name';

/** A plain object (`{...}` or `Object.create(null)`): a Map, a Date or a class instance would be sent as `{}`. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const sendFields = {
  variables: v.optional(v.custom<Record<string, unknown>>(isPlainObject, VARIABLES)),
  templateIds: v.optional(templateIds),
  background: v.optional(v.boolean('background must be true or false')),
};

/** The options of `send`: the send fields, plus the per-call options (checked by the request path). */
export const sendOptionsSchema = v.strictObject({
  ...sendFields,
  orgId: v.optional(v.unknown()),
  signal: v.optional(v.unknown()),
  headers: v.optional(v.unknown()),
  maxRetries: v.optional(v.unknown()),
  timeout: v.optional(v.unknown()),
});

/** One item of `sendMany`. */
export const sendManyItemSchema = v.strictObject({ recipient: v.optional(v.unknown()), ...sendFields });

/** `sendMany`'s batch defaults: the send fields an item may leave out. */
const batchDefaultsSchema = v.object({ templateIds: sendFields.templateIds, background: sendFields.background });

/** Hints for keys that are almost right. */
const HINTS: Record<string, string> = {
  contact_channel_id: 'write contactChannelId (the SDK maps it to contact_channel_id)',
  contact_id: 'write contactId (the SDK maps it to contact_id)',
  template_ids: 'write templateIds (the SDK maps it to template_ids)',
  templates: 'write templateIds',
  variables: 'variables go in the options (the second argument of send), not in the recipient',
  templateIds: 'templateIds go in the options (the second argument of send), not in the recipient',
  background: 'background goes in the options (the second argument of send), not in the recipient',
};

/** The problems valibot found, as SendInputIssues; `entries` are the keys the checked object may have. */
function issuesOf(found: readonly v.BaseIssue<unknown>[], prefix: string, entries: object): SendInputIssue[] {
  const issues: SendInputIssue[] = [];
  const at = (keys: readonly string[]) => [prefix, ...keys].filter(Boolean).join('.') || '(input)';
  for (const issue of found) {
    const keys = issue.path?.map((item) => String(item.key)) ?? [];
    if (isUnknownKey(issue)) {
      // A strict object names its first unknown key only; every one is listed, so that one fix is enough.
      const object = issue.path![0]!.input as Record<string, unknown>;
      for (const key of Object.keys(object).filter((k) => !Object.hasOwn(entries, k)))
        issues.push({ path: at([key]), message: `unknown key ${at([key])}${HINTS[key] ? `: ${HINTS[key]}` : ''}` });
    } else if (issue.kind === 'schema' && keys.length === 0) {
      issues.push({ path: at(keys), message: `${at(keys)} must be an object` });
    } else {
      issues.push({ path: at(keys), message: issue.message });
    }
  }
  return issues;
}

/** Checks `input` against one of the strict object schemas above: its output, or the problems (an array is not an object). */
function parseObject<S extends v.GenericSchema & { readonly entries: object }>(
  schema: S,
  input: unknown,
  prefix: string,
): { output?: v.InferOutput<S>; issues: SendInputIssue[] } {
  if (Array.isArray(input)) return { issues: [{ path: prefix || '(input)', message: `${prefix || '(input)'} must be an object` }] };
  const parsed = v.safeParse(schema, input);
  return parsed.success ? { output: parsed.output, issues: [] } : { issues: issuesOf(parsed.issues, prefix, schema.entries) };
}

export interface CheckedSend {
  recipient: RecipientSummary;
  /** The request body, in the wire's names. */
  body: Record<string, unknown>;
}

/** The wire body for a checked recipient and send fields. */
function wireBody(
  recipient: RecipientSummary,
  fields: { variables?: Record<string, unknown>; templateIds?: readonly string[]; background?: boolean },
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (recipient.contactChannelId !== undefined) body.contact_channel_id = recipient.contactChannelId;
  if (recipient.contactId !== undefined) body.contact_id = recipient.contactId;
  if (recipient.phone !== undefined) body.phone = recipient.phone;
  if (recipient.email !== undefined) body.email = recipient.email;
  if (recipient.name !== undefined) body.name = recipient.name;
  if (fields.variables !== undefined) body.variables = fields.variables;
  if (fields.templateIds !== undefined) body.template_ids = [...fields.templateIds];
  if (fields.background !== undefined) body.background = fields.background;
  return body;
}

/** The problems of a recipient, or none. */
function recipientIssues(recipient: unknown): { data?: RecipientSummary; issues: SendInputIssue[] } {
  if (recipient === undefined)
    return {
      issues: [
        {
          path: 'recipient',
          message: 'the recipient is missing: give an object with at least one of contactChannelId, contactId, phone or email',
        },
      ],
    };
  const parsed = parseObject(recipientSchema, recipient, 'recipient');
  return { data: parsed.output, issues: parsed.issues };
}

/** Checks a recipient alone (findRecipients), or throws SendInputError listing every problem. */
export function checkRecipient(broadcastId: string, recipient: unknown, label = 'send'): RecipientSummary {
  const r = recipientIssues(recipient);
  if (!r.data) throw new SendInputError(broadcastId, r.issues, label);
  return r.data;
}

/** Checks `send(recipient, options)` and builds the wire body, or throws SendInputError listing every problem. */
export function checkSend(broadcastId: string, recipient: unknown, options: unknown): CheckedSend {
  const r = recipientIssues(recipient);
  const o = parseObject(sendOptionsSchema, options ?? {}, 'options');
  if (!r.data || !o.output) throw new SendInputError(broadcastId, [...r.issues, ...o.issues]);
  return { recipient: r.data, body: wireBody(r.data, o.output) };
}

/** Checks one `sendMany` item (with the batch's defaults) and builds the wire body, or throws SendInputError. */
export function checkItem(
  broadcastId: string,
  item: unknown,
  index: number,
  defaults: { templateIds?: readonly string[]; background?: boolean },
): CheckedSend {
  const label = `sendMany item ${index}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new SendInputError(
      broadcastId,
      [{ path: '(item)', message: 'the item must be an object: { recipient, variables?, templateIds?, background? }' }],
      label,
    );
  }
  const i = parseObject(sendManyItemSchema, item, '');
  const r = recipientIssues((item as { recipient?: unknown }).recipient);
  if (!i.output || !r.data) throw new SendInputError(broadcastId, [...i.issues, ...r.issues], label);
  const fields = { templateIds: defaults.templateIds, background: defaults.background, ...stripUndefined(i.output) };
  return { recipient: r.data, body: wireBody(r.data, fields) };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** `sendMany`'s batch defaults (`templateIds`, `background`), checked by the rules of `send`; a problem's path and message start with `options.`. */
export function checkBatchDefaults(options: {
  templateIds?: unknown;
  background?: unknown;
}): { success: true; data: { templateIds?: readonly string[]; background?: boolean } } | { success: false; issues: SendInputIssue[] } {
  const parsed = v.safeParse(batchDefaultsSchema, { templateIds: options.templateIds, background: options.background });
  if (parsed.success) return { success: true, data: parsed.output };
  return {
    success: false,
    issues: parsed.issues.map((issue) => ({
      path: `options.${issue.path?.map((item) => String(item.key)).join('.') ?? ''}`,
      message: `options.${issue.message}`,
    })),
  };
}
