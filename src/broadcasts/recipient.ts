/**
 * The run-time check of a send's input (`zod/mini`, the tree-shakable zod), mirroring the TransactionalRecipient type: at least one
 * identifier (`contactChannelId`, `contactId`, `phone`, `email`); `name` alone is not a recipient;
 * light format checks (an email has an `@` and a dotted domain, a phone starts with `+` and its
 * country code); no unknown keys (a wire name such as `contact_id` or `template_ids` gets a hint,
 * since silently ignoring `template_ids` would fire every template). Loaded lazily with the rest of
 * the transactional implementation.
 */
import * as z from 'zod/mini';
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
  z.string({ error: `${path} must be a string (${what})` }).check(z.trim(), z.minLength(1, { error: `${path} must not be empty` }));

export const recipientSchema = z
  .strictObject({
    contactChannelId: z.optional(text('recipient.contactChannelId', 'a contact channel id')),
    contactId: z.optional(text('recipient.contactId', 'a contact id')),
    phone: z.optional(
      text('recipient.phone', 'a phone number with its country code').check(
        z.refine(isPhone, {
          error: (issue) =>
            `recipient.phone must be a phone number with its country code, like +14155550123 (got ${JSON.stringify(issue.input)})`,
        }),
      ),
    ),
    email: z.optional(
      text('recipient.email', 'an email address').check(
        z.refine((v) => EMAIL.test(v), {
          error: (issue) => `recipient.email must be an email address, like ana@example.com (got ${JSON.stringify(issue.input)})`,
        }),
      ),
    ),
    name: z.optional(text('recipient.name', 'a display name')),
  })
  .check(
    z.superRefine((recipient, ctx) => {
      if (IDENTIFIERS.some((key) => recipient[key] !== undefined)) return;
      ctx.addIssue({
        code: 'custom',
        message:
          recipient.name !== undefined
            ? 'the recipient has only a name, which overrides the display name but cannot identify anyone: give contactChannelId, contactId, phone or email too'
            : 'the recipient needs an identifier: give at least one of contactChannelId, contactId, phone or email',
      });
    }),
  );

const templateIds = z.readonly(
  z
    .array(text('templateIds[]', 'a template id'), { error: 'templateIds must be an array of template ids' })
    .check(z.minLength(1, { error: 'templateIds must name at least one template (leave it out to fire every template)' })),
);

const sendFields = {
  variables: z.optional(
    z.record(z.string(), z.unknown(), { error: 'variables must be an object of property values, keyed by property name' }),
  ),
  templateIds: z.optional(templateIds),
  background: z.optional(z.boolean({ error: 'background must be true or false' })),
};

/** The options of `send`: the send fields, plus the per-call options (checked by the request path). */
export const sendOptionsSchema = z.strictObject({
  ...sendFields,
  orgId: z.optional(z.unknown()),
  signal: z.optional(z.unknown()),
  headers: z.optional(z.unknown()),
  maxRetries: z.optional(z.unknown()),
  timeout: z.optional(z.unknown()),
});

/** One item of `sendMany`. */
export const sendManyItemSchema = z.strictObject({ recipient: z.optional(z.unknown()), ...sendFields });

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

function issuesOf(error: z.core.$ZodError, prefix: string): SendInputIssue[] {
  const issues: SendInputIssue[] = [];
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(input)';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = path === '(input)' ? key : `${path}.${key}`;
        issues.push({ path: at, message: `unknown key ${at}${HINTS[key] ? `: ${HINTS[key]}` : ''}` });
      }
    } else if (issue.code === 'invalid_type' && issue.path.length === 0) {
      issues.push({ path, message: `${path} must be an object` });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
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
  const parsed = recipientSchema.safeParse(recipient);
  return parsed.success ? { data: parsed.data, issues: [] } : { issues: issuesOf(parsed.error, 'recipient') };
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
  const o = sendOptionsSchema.safeParse(options ?? {});
  if (!r.data || !o.success) throw new SendInputError(broadcastId, [...r.issues, ...(o.success ? [] : issuesOf(o.error, 'options'))]);
  return { recipient: r.data, body: wireBody(r.data, o.data) };
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
  const i = sendManyItemSchema.safeParse(item);
  const r = recipientIssues((item as { recipient?: unknown }).recipient);
  if (!i.success || !r.data) throw new SendInputError(broadcastId, [...(i.success ? [] : issuesOf(i.error, '')), ...r.issues], label);
  const fields = { templateIds: defaults.templateIds, background: defaults.background, ...stripUndefined(i.data) };
  return { recipient: r.data, body: wireBody(r.data, fields) };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
