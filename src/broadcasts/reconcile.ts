/**
 * `findRecipients`: the recipient records of a broadcast that went to one recipient, to reconcile a
 * send whose outcome is unknown (SendOutcomeUnknownError) before deciding to send it again.
 *
 * Recipient records name the contact (`contact_id`), not the address, so:
 * - `contactId` is matched directly (and `contactChannelId` against a record's `contact_channel_id`,
 *   when the API includes one);
 * - `email` / `phone` are first resolved to contacts with `GET /orgs/{org_id}/contacts?search=...`
 *   (exact matches only: an email case-insensitively, a phone by its digits);
 * - a recipient given only by `contactChannelId` cannot be matched reliably and is refused.
 *
 * The walk reads `GET .../recipients` one page at a time (`maxPages`, default 100, 10,000 records:
 * reaching it throws a PaginationError rather than answer "not found" from a partial read). With
 * `since`, it stops early once the records are seen to come newest first (the order is not documented,
 * so it is observed, not assumed) and a whole page is older than `since`.
 */
import { InventValidationError } from '../errors.js';
import { PaginationError } from '../pagination/error.js';
import type { ItemOf, ResponseBody } from '../resources/types.js';
import { checkRecipient } from './recipient.js';
import { callInit } from '../call-options.js';
import type { HandleLike } from './send.js';
import type { BroadcastRecipient, FindRecipientsOptions } from './types.js';

/** A contact, as `GET /orgs/{org_id}/contacts` lists it. */
type Contact = ItemOf<ResponseBody<'/orgs/{org_id}/contacts', 'get', 200, 'application/json'>>;

const DEFAULT_MAX_PAGES = 100;

function timeOf(value: FindRecipientsOptions['since']): number {
  const time =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(time))
    throw new InventValidationError(
      `findRecipients: options.since must be a Date, an ISO date string or epoch milliseconds, got ${String(value)}`,
    );
  return time;
}

/** When a record was sent (or created): its timestamp in ms, or NaN when it has none. */
function recordTime(record: BroadcastRecipient): number {
  const raw = record.sent_at ?? (record as { created_at?: unknown }).created_at;
  return typeof raw === 'string' ? Date.parse(raw) : NaN;
}

const digits = (phone: string) => phone.replace(/\D/g, '');

/** The contacts whose email or phone is exactly the recipient's. */
async function contactIdsFor(
  handle: HandleLike,
  recipient: { email?: string; phone?: string },
  options: FindRecipientsOptions,
): Promise<Set<string>> {
  const ids = new Set<string>();
  const init = handle.options({ ...callInit(options), ...(options.orgId ? { orgId: options.orgId } : {}) });
  for (const [field, value] of [
    ['email', recipient.email],
    ['phone', recipient.phone],
  ] as const) {
    if (value === undefined) continue;
    const same =
      field === 'email'
        ? (c: Contact) => c.email?.toLowerCase() === value.toLowerCase()
        : (c: Contact) => c.phone !== undefined && digits(c.phone) === digits(value);
    for await (const contact of handle.client.contacts.list({ search: value }, { ...init, maxPages: 5 })) {
      if (contact.id && same(contact)) ids.add(contact.id);
    }
  }
  return ids;
}

export async function findRecipients(
  handle: HandleLike,
  recipient: unknown,
  options: FindRecipientsOptions = {},
): Promise<BroadcastRecipient[]> {
  const r = checkRecipient(handle.id, recipient, 'findRecipients');
  const since = options.since === undefined ? undefined : timeOf(options.since);
  if (r.contactId === undefined && r.email === undefined && r.phone === undefined) {
    throw new InventValidationError(
      'findRecipients: a recipient given only by contactChannelId cannot be matched against recipient records, which name the contact (contact_id): give contactId (or the email or phone) too',
    );
  }
  const contactIds = r.contactId !== undefined ? new Set([r.contactId]) : await contactIdsFor(handle, r, options);
  if (contactIds.size === 0) return [];

  const found: BroadcastRecipient[] = [];
  let newestFirst = true;
  let previous = Infinity;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const init = handle.options({ ...callInit(options), ...(options.orgId ? { orgId: options.orgId } : {}), maxPages });
  // Page by page, without prefetching: the walk may stop early, and a reconciliation is no hurry.
  let page = await handle.client.broadcasts.recipients.list(handle.id, options.take !== undefined ? { take: options.take } : {}, init);
  for (let read = 1; ; read++) {
    let newestOnPage = -Infinity;
    for (const record of page.items) {
      const time = recordTime(record);
      if (!Number.isNaN(time)) {
        if (time > previous) newestFirst = false;
        previous = time;
        newestOnPage = Math.max(newestOnPage, time);
      }
      const mine =
        (record.contact_id !== undefined && contactIds.has(record.contact_id)) ||
        (r.contactChannelId !== undefined && (record as { contact_channel_id?: unknown }).contact_channel_id === r.contactChannelId);
      if (mine && (since === undefined || Number.isNaN(time) || time >= since)) found.push(record);
    }
    if (since !== undefined && newestFirst && newestOnPage !== -Infinity && newestOnPage < since) break;
    if (!page.hasNextPage()) break;
    // Never answer "not found" from a partial read.
    if (read >= maxPages)
      throw new PaginationError({ operation: 'findRecipients', page: page.page + 1, take: page.take, reason: 'max-pages', maxPages });
    page = await page.getNextPage();
  }
  return found;
}
