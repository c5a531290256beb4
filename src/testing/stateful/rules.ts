/**
 * Invent's documented rules, as data the fake reads (docs/transactional.md, src/broadcasts/lifecycle.ts):
 * which status a record must be in for an operation, the status it moves to, what it needs first; and
 * who a transactional send may reach. The rate limits come from the SDK's config (generated/operations.ts).
 */
const BROADCAST = '/orgs/{org_id}/broadcasts/{broadcast_id}';

/** A rule on the status of the record an operation acts on (`subject`, an item path template). */
export interface StatusRule {
  /** `METHOD /path/template` (path parameters compared by position). */
  operation: string;
  subject: string;
  /** The statuses the subject must be in. */
  allowedIn: readonly string[];
  /** The status the subject moves to. */
  to?: string;
  /** A nested collection (by its last segment) that must hold a record while the subject is in one of `whenIn`. */
  needs?: { collection: string; whenIn: readonly string[] };
  /** The rule's name and the error code of its refusal (a 400, as the contract declares refusals). */
  rule: string;
  code: string;
}

export const STATUS_FIELD = 'status';

/** The status a record starts in, by the collection it is created in (a broadcast starts as a draft). */
export const INITIAL_STATUS: Readonly<Record<string, string>> = { '/orgs/{org_id}/broadcasts': 'DRAFT' };

export const STATUS_RULES: readonly StatusRule[] = [
  {
    operation: `POST ${BROADCAST}/activate`,
    subject: BROADCAST,
    allowedIn: ['DRAFT', 'PAUSED'],
    to: 'ACTIVE',
    needs: { collection: 'templates', whenIn: ['DRAFT'] },
    rule: 'activate-from-draft-or-paused',
    code: 'BROADCAST_NOT_ACTIVATABLE',
  },
  {
    operation: `POST ${BROADCAST}/pause`,
    subject: BROADCAST,
    allowedIn: ['ACTIVE'],
    to: 'PAUSED',
    rule: 'pause-from-active',
    code: 'BROADCAST_NOT_ACTIVE',
  },
  ...['POST /templates', 'PATCH /templates/{template_id}', 'DELETE /templates/{template_id}'].map((op) => {
    const [method, tail] = op.split(' ');
    return {
      operation: `${method} ${BROADCAST}${tail}`,
      subject: BROADCAST,
      allowedIn: ['DRAFT'],
      rule: 'templates-in-draft-only',
      code: 'BROADCAST_NOT_DRAFT',
    };
  }),
  {
    operation: `POST ${BROADCAST}/send`,
    subject: BROADCAST,
    allowedIn: ['ACTIVE'],
    rule: 'send-needs-active',
    code: 'BROADCAST_NOT_ACTIVE',
  },
];

/**
 * A transactional send: it reaches a contact (found by id, or by email or phone, created when new, as
 * documented), refuses an unknown id and a contact whose status is refused, and records one recipient per
 * template fired in the broadcast's `recipients` collection.
 */
export const TRANSACTIONAL_SEND = {
  operation: `POST ${BROADCAST}/send`,
  broadcast: BROADCAST,
  contacts: '/orgs/{org_id}/contacts',
  templates: 'templates',
  recipients: 'recipients',
  refusedContactStatus: { UNSUBSCRIBED: 'CONTACT_UNSUBSCRIBED', BLOCKED: 'CONTACT_BLOCKED' } as Readonly<Record<string, string>>,
  createdContactStatus: 'SUBSCRIBED',
  recordStatus: 'SENT',
} as const;
