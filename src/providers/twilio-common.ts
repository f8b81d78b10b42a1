/** Shared by the Twilio SMS and WhatsApp adapters: sending through `client.messages.create` and error mapping. */
import type twilio from 'twilio';
import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import {
  classifyHttpError,
  ErrorClassification,
  networkError,
  providerError,
  ProviderError,
  type SentMessageLookup,
  type SentMessageQuery,
} from './provider';

export const TWILIO_PROVIDER = 'twilio';

/** What the adapters need from a Twilio client: `twilio(accountSid, authToken, opts)` satisfies it. */
export type TwilioClientLike = Pick<twilio.Twilio, 'messages'>;

/**
 * Twilio error codes (https://www.twilio.com/docs/api/errors) that the send endpoint answers with.
 * Everything not listed falls back to the HTTP status (4xx permanent, 429/5xx transient).
 */
const TWILIO_CODES = new Map<number, ErrorClassification>([
  // recipient problems
  [21211, { kind: 'permanent', code: 'invalid_recipient' }], // Invalid 'To' Phone Number
  [21217, { kind: 'permanent', code: 'invalid_recipient' }], // Phone number does not appear to be valid
  [21401, { kind: 'permanent', code: 'invalid_recipient' }], // Invalid Phone Number
  [21265, { kind: 'permanent', code: 'invalid_recipient' }], // 'To' number cannot be a Short Code
  [21266, { kind: 'permanent', code: 'invalid_recipient' }], // 'To' and 'From' cannot be the same
  [21610, { kind: 'permanent', code: 'unsubscribed' }], // recipient replied STOP
  [21614, { kind: 'permanent', code: 'not_mobile' }], // 'To' number is not a valid mobile number
  [21408, { kind: 'permanent', code: 'unreachable' }], // Permission to send an SMS has not been enabled for the region
  [21612, { kind: 'permanent', code: 'unreachable' }], // cannot route to this number
  [21635, { kind: 'permanent', code: 'not_mobile' }], // 'To' number cannot be a landline
  [30003, { kind: 'permanent', code: 'unreachable' }], // Unreachable destination handset
  [30004, { kind: 'permanent', code: 'rejected' }], // Message blocked
  [30005, { kind: 'permanent', code: 'invalid_recipient' }], // Unknown destination handset
  [30006, { kind: 'permanent', code: 'not_mobile' }], // Landline or unreachable carrier
  [30007, { kind: 'permanent', code: 'rejected' }], // Message filtered
  // sender / configuration problems
  [21212, { kind: 'permanent', code: 'invalid_sender' }], // Invalid 'From' number
  [21606, { kind: 'permanent', code: 'invalid_sender' }], // 'From' is not a valid, SMS-capable number
  [21659, { kind: 'permanent', code: 'invalid_sender' }], // 'From' is not a Twilio phone number
  [21660, { kind: 'permanent', code: 'invalid_sender' }], // Mismatch between 'From' and the account
  [21703, { kind: 'permanent', code: 'invalid_sender' }], // Messaging Service has no phone numbers
  [20003, { kind: 'permanent', code: 'authentication' }], // Authentication error
  [20404, { kind: 'permanent', code: 'validation' }], // Resource not found (wrong account SID)
  [21602, { kind: 'permanent', code: 'validation' }], // Message body is required
  [21603, { kind: 'permanent', code: 'validation' }], // 'From' phone number is required
  [21604, { kind: 'permanent', code: 'validation' }], // 'To' phone number is required
  [21617, { kind: 'permanent', code: 'validation' }], // concatenated message body exceeds 1600 characters
  // WhatsApp
  [63001, { kind: 'permanent', code: 'authentication' }], // Channel could not authenticate the request
  [63003, { kind: 'permanent', code: 'invalid_recipient' }], // Channel could not find To address
  [63007, { kind: 'permanent', code: 'invalid_sender' }], // No channel with the specified From address
  [63016, { kind: 'permanent', code: 'outside_session_window' }], // freeform message outside the 24h window
  [63024, { kind: 'permanent', code: 'invalid_recipient' }], // Invalid message recipient
  [63032, { kind: 'permanent', code: 'rejected' }], // user's number is part of an experiment
  // try again later
  [20429, { kind: 'transient', code: 'rate_limited' }], // Too Many Requests
  [30001, { kind: 'transient', code: 'rate_limited' }], // Queue overflow
  [63018, { kind: 'transient', code: 'rate_limited' }], // Rate limit exceeded for channel
  [63038, { kind: 'transient', code: 'rate_limited' }], // Account exceeded the daily messages limit
  [20500, { kind: 'transient', code: 'server_error' }], // Internal Server Error
  [20503, { kind: 'transient', code: 'server_error' }], // Service Unavailable
]);

/** The meaning of a Twilio error code when it is one we know, else null. */
export function lookupTwilioErrorCode(code: number | string | null | undefined): ErrorClassification | null {
  const numeric = code === undefined || code === null || code === '' ? NaN : Number(code);
  return (Number.isFinite(numeric) ? TWILIO_CODES.get(numeric) : undefined) ?? null;
}

/** Classifies a failed Twilio API call: known error code first, then the HTTP status. */
export function classifyTwilioError(
  status: number | undefined,
  code?: number | string | null,
): ErrorClassification {
  return lookupTwilioErrorCode(code) ?? classifyHttpError(status, code);
}

/** Turns whatever `client.messages.create` rejected with into a provider error. */
export function toTwilioError(err: unknown): ProviderError {
  const e = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown } | null;
  // RestException / TwilioServiceException carry the HTTP status; axios network errors do not.
  if (e && typeof e.status === 'number') {
    const code = typeof e.code === 'number' || typeof e.code === 'string' ? e.code : undefined;
    const message = typeof e.message === 'string' && e.message ? e.message : `HTTP ${e.status}`;
    return providerError(
      classifyTwilioError(e.status, code),
      `twilio: ${message}${code ? ` (${code})` : ''}`,
      {
        provider: TWILIO_PROVIDER,
        status: e.status,
        providerCode: code,
        cause: err,
      },
    );
  }
  return networkError(TWILIO_PROVIDER, err);
}

export async function createTwilioMessage(
  client: TwilioClientLike,
  params: MessageListInstanceCreateOptions,
): Promise<string> {
  let sid: string | undefined;
  try {
    const message = await client.messages.create(params);
    sid = message.sid;
  } catch (err) {
    throw toTwilioError(err);
  }
  if (!sid) {
    throw providerError({ kind: 'transient', code: 'unknown' }, 'twilio: answer without a message SID', {
      provider: TWILIO_PROVIDER,
    });
  }
  return sid;
}

/** Twilio's `date_created` has whole seconds, and clocks differ a little. */
const CLOCK_SKEW_MS = 60_000;
/** The recipient's most recent messages are enough: the attempt in question began minutes ago at most. */
const LOOKUP_LIMIT = 50;

/**
 * Reconciliation: Twilio's message list for the recipient, newest first, matched on the exact body and a
 * creation time after the attempt began (its Message resource does not echo our status-callback URL, so
 * the delivery id in it cannot be matched); ids already recorded for other deliveries are skipped.
 */
export async function findTwilioMessage(
  client: TwilioClientLike,
  to: string,
  query: SentMessageQuery,
): Promise<SentMessageLookup> {
  let messages;
  try {
    messages = await client.messages.list({ to, limit: LOOKUP_LIMIT });
  } catch (err) {
    throw toTwilioError(err);
  }
  const since = query.since.getTime() - CLOCK_SKEW_MS;
  const match = messages.find(
    (m) =>
      m.body === query.body &&
      !m.direction?.startsWith('inbound') &&
      m.dateCreated instanceof Date &&
      m.dateCreated.getTime() >= since &&
      !query.excludeIds.includes(m.sid),
  );
  return match ? { found: true, providerMessageId: match.sid } : { found: false };
}

/** `+15551234567` → `whatsapp:+15551234567` (idempotent). */
export function whatsappAddress(value: string): string {
  const trimmed = value.trim();
  return trimmed.toLowerCase().startsWith('whatsapp:')
    ? `whatsapp:${trimmed.slice('whatsapp:'.length)}`
    : `whatsapp:${trimmed}`;
}

export interface TwilioSenderOptions {
  /** Default sender: a Twilio number in E.164 (or an alphanumeric sender ID for SMS). */
  from?: string | null;
  /** A Messaging Service SID (`MG…`); used when set, together with or instead of `from`. */
  messagingServiceSid?: string | null;
}
