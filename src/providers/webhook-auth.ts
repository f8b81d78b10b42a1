/**
 * Provider webhooks: authentication (Twilio request signature, Postmark HTTP Basic credentials) and
 * pure parsers that turn the providers' payloads into the few facts the service acts on.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import type { ErrorClassification } from './provider';
import { lookupTwilioErrorCode } from './twilio-common';

type Params = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Authentication

/**
 * Checks `X-Twilio-Signature`. `url` must be the full public URL Twilio was given (scheme, host,
 * port if any, path and query string) and `params` the form-decoded POST body.
 */
export function verifyTwilioSignature(
  authToken: string,
  signature: string | string[] | undefined | null,
  url: string,
  params: Params,
): boolean {
  const header = Array.isArray(signature) ? signature[0] : signature;
  if (!authToken || !header || !url) return false;
  try {
    return twilio.validateRequest(authToken, header, url, params ?? {});
  } catch {
    return false; // malformed URL
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time string equality that does not leak the length of the expected value. */
export function timingSafeStringEqual(actual: string, expected: string): boolean {
  return timingSafeEqual(sha256(actual), sha256(expected)) && actual.length === expected.length;
}

/**
 * Checks an `Authorization: Basic …` header against the credentials configured in Postmark's
 * webhook settings (Postmark sends them as HTTP Basic auth). False when the header is missing or
 * malformed, or when no expected credentials are configured.
 */
export function verifyPostmarkBasicAuth(
  header: string | string[] | undefined | null,
  expectedUser: string | undefined | null,
  expectedPassword: string | undefined | null,
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !expectedUser || expectedPassword === undefined || expectedPassword === null) return false;
  const match = /^\s*Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value);
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = timingSafeStringEqual(decoded.slice(0, colon), expectedUser);
  const passwordOk = timingSafeStringEqual(decoded.slice(colon + 1), expectedPassword);
  return userOk && passwordOk;
}

// ---------------------------------------------------------------------------------------------
// Twilio

function param(params: Params, ...names: string[]): string | null {
  for (const name of names) {
    const raw = params[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value !== '') return withoutNul(value);
    if (typeof value === 'number') return String(value);
  }
  return null;
}

/** Provider payloads end up in PostgreSQL text, which cannot hold NUL: such characters are dropped. */
function withoutNul(value: string): string {
  return value.split('\u0000').join('');
}

/** Values of Twilio's `MessageStatus` (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values). */
export type TwilioMessageStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'undelivered'
  | 'failed'
  | 'canceled'
  | 'receiving'
  | 'received'
  | 'partially_delivered'
  | 'unknown';

const TWILIO_STATUSES = new Set<string>([
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
  'canceled',
  'receiving',
  'received',
  'partially_delivered',
]);

export interface TwilioStatusUpdate {
  providerMessageId: string | null;
  status: TwilioMessageStatus;
  /**
   * What it means for a delivery: `delivered` (delivered or read), `failed` (failed, undelivered,
   * canceled), `sent` (handed to the carrier), `pending` (anything earlier).
   */
  outcome: 'pending' | 'sent' | 'delivered' | 'failed';
  /** Twilio error code as sent (e.g. `"30003"`), or null. */
  errorCode: string | null;
  /** The error code's meaning when there is one (e.g. 21610 → permanent `unsubscribed`; unknown codes → transient `unknown`). */
  error: ErrorClassification | null;
  channel: 'sms' | 'whatsapp';
  to: string | null;
  from: string | null;
}

/** Strips Twilio's channel prefix: `whatsapp:+15551234567` → `+15551234567`. */
export function stripChannelPrefix(address: string | null): string | null {
  if (address === null) return null;
  const colon = address.indexOf(':');
  return colon >= 0 && /^[a-z]+$/i.test(address.slice(0, colon))
    ? address.slice(colon + 1).trim()
    : address.trim();
}

function channelOf(...addresses: (string | null)[]): 'sms' | 'whatsapp' {
  return addresses.some((a) => a !== null && a.toLowerCase().startsWith('whatsapp:')) ? 'whatsapp' : 'sms';
}

/** Parses a Twilio message status callback (form fields `MessageSid`, `MessageStatus`, `ErrorCode`, ...). */
export function parseTwilioStatus(params: Params): TwilioStatusUpdate {
  const rawStatus = (param(params, 'MessageStatus', 'SmsStatus') ?? '').toLowerCase();
  const status = (TWILIO_STATUSES.has(rawStatus) ? rawStatus : 'unknown') as TwilioMessageStatus;
  const errorCode = param(params, 'ErrorCode');
  const rawTo = param(params, 'To');
  const rawFrom = param(params, 'From');
  let outcome: TwilioStatusUpdate['outcome'];
  switch (status) {
    case 'delivered':
    case 'read':
      outcome = 'delivered';
      break;
    case 'failed':
    case 'undelivered':
    case 'canceled':
      outcome = 'failed';
      break;
    case 'sent':
    case 'partially_delivered':
      outcome = 'sent';
      break;
    default:
      outcome = 'pending';
  }
  return {
    providerMessageId: param(params, 'MessageSid', 'SmsSid'),
    status,
    outcome,
    errorCode: errorCode && errorCode !== '0' ? errorCode : null,
    error:
      errorCode && errorCode !== '0'
        ? (lookupTwilioErrorCode(errorCode) ?? { kind: 'transient', code: 'unknown' })
        : null,
    channel: channelOf(rawTo, rawFrom),
    to: stripChannelPrefix(rawTo),
    from: stripChannelPrefix(rawFrom),
  };
}

/**
 * Twilio's default opt-out / opt-in / help keywords (matched against the whole message, ignoring
 * case, surrounding whitespace and punctuation).
 */
export const STOP_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
] as const;
export const START_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type OptKeyword = 'stop' | 'start' | 'help';

/** `"Stop!"` → `'stop'`, `"start"` → `'start'`, anything else → null. */
export function detectOptKeyword(body: string | null | undefined): OptKeyword | null {
  const word = (body ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .toUpperCase();
  if (!word) return null;
  if ((STOP_KEYWORDS as readonly string[]).includes(word)) return 'stop';
  if ((START_KEYWORDS as readonly string[]).includes(word)) return 'start';
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return 'help';
  return null;
}

export interface TwilioInboundMessage {
  providerMessageId: string | null;
  /** Sender in E.164, `whatsapp:` stripped. */
  from: string | null;
  /** Our number, `whatsapp:` stripped. */
  to: string | null;
  channel: 'sms' | 'whatsapp';
  body: string;
  /**
   * Opt-out/in keyword: Twilio's `OptOutType` when Advanced Opt-Out is on, otherwise detected
   * from the body with the default keywords.
   */
  optKeyword: OptKeyword | null;
}

/** Parses an inbound SMS/WhatsApp webhook (`From`, `To`, `Body`, `MessageSid`, `OptOutType`). */
export function parseTwilioInbound(params: Params): TwilioInboundMessage {
  const rawFrom = param(params, 'From');
  const rawTo = param(params, 'To');
  const body = param(params, 'Body') ?? '';
  const optOutType = (param(params, 'OptOutType') ?? '').toLowerCase();
  const optKeyword: OptKeyword | null =
    optOutType === 'stop' || optOutType === 'start' || optOutType === 'help'
      ? optOutType
      : detectOptKeyword(body);
  return {
    providerMessageId: param(params, 'MessageSid', 'SmsMessageSid', 'SmsSid'),
    from: stripChannelPrefix(rawFrom),
    to: stripChannelPrefix(rawTo),
    channel: channelOf(rawFrom, rawTo),
    body,
    optKeyword,
  };
}

// ---------------------------------------------------------------------------------------------
// Postmark

export type PostmarkWebhookKind = 'delivery' | 'bounce' | 'spam_complaint' | 'other';

export interface PostmarkWebhookEvent {
  kind: PostmarkWebhookKind;
  /** Postmark's `RecordType` as sent (`Delivery`, `Bounce`, `SpamComplaint`, `Open`, `Click`, `SubscriptionChange`, ...). */
  recordType: string | null;
  /** The `MessageID` returned when the email was sent. */
  providerMessageId: string | null;
  /** Recipient address, trimmed and lower-cased. */
  email: string | null;
  /** A bounce of type `HardBounce` (TypeCode 1) or `BadEmailAddress` (TypeCode 100000). Spam complaints are `kind: 'spam_complaint'`, not hard bounces. */
  hardBounce: boolean;
  /**
   * The address should be suppressed: hard bounce, spam complaint, or a `SubscriptionChange` with
   * `SuppressSending: true`.
   */
  suppress: boolean;
  /** Postmark's bounce `Type` (e.g. `HardBounce`, `SoftBounce`), when present. */
  bounceType: string | null;
  /** `Metadata` echoed back by Postmark; our sends put `deliveryId` and `companyId` there. */
  metadata: Record<string, string>;
  deliveryId: string | null;
  /** `DeliveredAt` / `BouncedAt` / `ReceivedAt` / `ChangedAt`, when present. */
  occurredAt: string | null;
  details: string | null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? withoutNul(value) || null : null;
}

/** Parses a Postmark webhook JSON body (Delivery, Bounce, SpamComplaint, ...). Never throws. */
export function parsePostmarkWebhook(body: unknown): PostmarkWebhookEvent {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const recordType = str(b.RecordType);
  const bounceType = str(b.Type);
  const typeCode = typeof b.TypeCode === 'number' ? b.TypeCode : Number(b.TypeCode);
  const metadata: Record<string, string> = {};
  if (b.Metadata && typeof b.Metadata === 'object') {
    for (const [k, v] of Object.entries(b.Metadata as Record<string, unknown>)) {
      if (v !== null && v !== undefined) metadata[withoutNul(k)] = withoutNul(String(v));
    }
  }

  let kind: PostmarkWebhookKind;
  if (recordType === 'Delivery') kind = 'delivery';
  else if (recordType === 'SpamComplaint' || bounceType === 'SpamComplaint' || typeCode === 100001)
    kind = 'spam_complaint';
  else if (recordType === 'Bounce' || (recordType === null && bounceType !== null && 'BouncedAt' in b))
    kind = 'bounce';
  else kind = 'other';

  const hardBounce =
    kind === 'bounce' &&
    (bounceType === 'HardBounce' ||
      typeCode === 1 ||
      bounceType === 'BadEmailAddress' ||
      typeCode === 100000);
  const suppress =
    hardBounce ||
    kind === 'spam_complaint' ||
    (recordType === 'SubscriptionChange' && b.SuppressSending === true);
  const email = str(b.Email) ?? str(b.Recipient);

  return {
    kind,
    recordType,
    providerMessageId: str(b.MessageID),
    email: email ? email.trim().toLowerCase() : null,
    hardBounce,
    suppress,
    bounceType,
    metadata,
    deliveryId: metadata.deliveryId ?? null,
    occurredAt: str(b.DeliveredAt) ?? str(b.BouncedAt) ?? str(b.ReceivedAt) ?? str(b.ChangedAt),
    details: str(b.Details) ?? str(b.Description),
  };
}
