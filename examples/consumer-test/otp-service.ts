/**
 * A small service of the kind that integrates with Invent: it sends one-time codes through a
 * transactional broadcast and reads the subscribed contacts. Its tests (otp-service.test.ts) run it
 * against the Invent mock from `invent-sdk/testing`, without the real API.
 */
import { InventApiError, type Invent } from 'invent-sdk';

export type SendResult =
  | { sent: true; code: string; channels: string[] }
  | { sent: false; reason: 'unsubscribed' | 'rejected'; message: string };

export interface OtpServiceOptions {
  invent: Invent;
  /** The transactional broadcast whose templates carry an `otp` property. */
  broadcastId: string;
  /** Makes the code; a test passes a fixed one. */
  generateCode?: () => string;
}

function randomCode(): string {
  return String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0');
}

export function createOtpService({ invent, broadcastId, generateCode = randomCode }: OtpServiceOptions) {
  return {
    /** Sends a code by email. A recipient Invent refuses (unsubscribed, blocked) is a result, not an exception. */
    async sendCode(email: string): Promise<SendResult> {
      const code = generateCode();
      try {
        const { data } = await invent.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
          params: { path: { broadcast_id: broadcastId } },
          body: { email, variables: { otp: code } },
        });
        return { sent: true, code, channels: data.filter((r) => r.status === 'SENT').flatMap((r) => (r.channel ? [r.channel] : [])) };
      } catch (error) {
        if (error instanceof InventApiError && error.status === 400) {
          return { sent: false, reason: /unsubscribed|blocked/i.test(error.message) ? 'unsubscribed' : 'rejected', message: error.message };
        }
        throw error;
      }
    },

    /** The emails of every subscribed contact, reading the list page by page. */
    async subscribedEmails(pageSize = 100): Promise<string[]> {
      const emails: string[] = [];
      for (let page = 1; ; page += 1) {
        const { data, response } = await invent.GET('/orgs/{org_id}/contacts', {
          params: { query: { status: 'SUBSCRIBED', page, take: pageSize } },
        });
        for (const contact of data) if (contact.email) emails.push(contact.email);
        const total = Number(response.headers.get('pagination-count'));
        if (data.length === 0 || !Number.isFinite(total) || page * pageSize >= total) return emails;
      }
    },
  };
}
