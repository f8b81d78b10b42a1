/**
 * The channel-provider contract: one small interface that every adapter (Twilio SMS/WhatsApp,
 * Postmark email, Vonage Viber, the dev outbox) implements, plus the two error classes that tell the
 * caller whether a failed send is worth retrying.
 *
 * Activities should let `TransientProviderError` propagate (Temporal retries it with backoff) and
 * treat `PermanentProviderError` as a final `provider_rejected` failure. Both set `name` to their
 * class name, so a Temporal retry policy can also list `'PermanentProviderError'` in
 * `nonRetryableErrorTypes`.
 */
import type { Channel } from '../domain/types';

export interface OutgoingMessage {
  channel: Channel;
  /** E.164 phone number (sms, whatsapp, viber) or email address (email). */
  to: string;
  /** Email subject; ignored by phone channels. */
  subject: string | null;
  body: string;
  /** Per-company sender settings; each falls back to the provider's configured default. */
  from?: {
    smsSenderId?: string | null;
    emailFromName?: string | null;
    emailFromAddress?: string | null;
  };
  /** Workflow + rule + trigger event; the same key always means the same message. */
  idempotencyKey: string;
  /** Where the provider should post delivery status updates (Twilio StatusCallback, Vonage webhook_url). */
  statusCallbackUrl?: string | null;
  metadata: { deliveryId: string; companyId: string };
}

export interface SendResult {
  /** Provider name, e.g. `twilio`, `postmark`, `vonage`, `outbox`. */
  provider: string;
  /** The id the provider's status webhooks will refer to (Twilio SID, Postmark MessageID, Vonage message_uuid). */
  providerMessageId: string;
}

/** What the engine asks a provider after a send whose outcome it does not know. */
export interface SentMessageQuery {
  channel: Channel;
  to: string;
  body: string;
  subject: string | null;
  deliveryId: string;
  /** When the attempt whose outcome is unknown began: nothing older can be it. */
  since: Date;
  /** Provider message ids already recorded for other deliveries: never this one. */
  excludeIds: string[];
}

/** The provider's answer: it has the message (with its id) or it has not. */
export type SentMessageLookup = { found: true; providerMessageId: string } | { found: false };

export interface ChannelProvider {
  readonly name: string;
  /**
   * How the provider reports that a message was delivered: to the status-callback URL a send carries
   * (Twilio), through a webhook set up in the provider's account (Postmark), or — absent — never.
   * A channel fallback waits for a delivery report only where one can come (SPEC 9).
   */
  readonly deliveryReports?: 'status_callback' | 'account_webhook';
  send(msg: OutgoingMessage): Promise<SendResult>;
  /**
   * Asks the provider whether it accepted a message (reconciliation before any retry of a send whose
   * outcome is unknown). Absent when the provider cannot be asked; throws when it cannot tell now.
   */
  findSent?(query: SentMessageQuery): Promise<SentMessageLookup>;
}

/** Normalized reasons a provider refuses a message for good. */
export type PermanentErrorCode =
  | 'invalid_recipient'
  | 'unsubscribed'
  | 'inactive_recipient'
  | 'not_mobile'
  | 'unreachable'
  | 'outside_session_window'
  | 'invalid_sender'
  | 'authentication'
  | 'validation'
  | 'rejected';

/** Normalized reasons a send may succeed if retried later. */
export type TransientErrorCode = 'rate_limited' | 'server_error' | 'timeout' | 'network' | 'unknown';

export interface ProviderErrorDetails {
  provider: string;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  /** The provider's own error code (Twilio 21211, Postmark 406, Vonage `1150`, ...). */
  providerCode?: string | number;
  cause?: unknown;
}

export class PermanentProviderError extends Error {
  readonly code: PermanentErrorCode;
  readonly provider: string;
  readonly status?: number;
  readonly providerCode?: string | number;
  readonly retryable = false as const;
  /** What the history should say about the failed send. */
  readonly reason = 'provider_rejected' as const;

  constructor(code: PermanentErrorCode, message: string, details: ProviderErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PermanentProviderError';
    this.code = code;
    this.provider = details.provider;
    this.status = details.status;
    this.providerCode = details.providerCode;
  }

  /**
   * True when the recipient itself opted out or was deactivated by the provider (STOP, inactive /
   * suppressed email): the caller may want to mirror that into consent or suppression state.
   */
  get recipientOptedOut(): boolean {
    return this.code === 'unsubscribed' || this.code === 'inactive_recipient';
  }
}

/** Network error codes that prove the request never reached the provider. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class TransientProviderError extends Error {
  readonly code: TransientErrorCode;
  /**
   * False only when the failure proves nothing was accepted (the connection was never made, or the
   * provider said `429`); a timeout, a reset while reading the answer or a 5xx may follow an accepted
   * message, so the send must be reconciled with the provider before any retry.
   */
  readonly mayHaveBeenAccepted: boolean;
  readonly provider: string;
  readonly status?: number;
  readonly providerCode?: string | number;
  readonly retryable = true as const;
  readonly reason = 'provider_error' as const;

  constructor(code: TransientErrorCode, message: string, details: ProviderErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'TransientProviderError';
    this.code = code;
    this.mayHaveBeenAccepted =
      code !== 'rate_limited' &&
      !(code === 'network' || code === 'timeout'
        ? NOT_CONNECTED_CODES.has(String(details.providerCode))
        : false);
    this.provider = details.provider;
    this.status = details.status;
    this.providerCode = details.providerCode;
  }
}

export type ProviderError = PermanentProviderError | TransientProviderError;

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof PermanentProviderError || err instanceof TransientProviderError;
}

export interface ErrorClassification {
  kind: 'permanent' | 'transient';
  code: PermanentErrorCode | TransientErrorCode;
}

/**
 * Classifies a failed provider call from its HTTP status (undefined = no answer: network error or
 * timeout) and, optionally, a provider code already known to be permanent or transient.
 *
 * * no status, 408, 425, 429, 5xx → transient (retry with backoff)
 * * 401/403 → permanent `authentication` (retrying with the same credentials cannot help)
 * * other 4xx → permanent `validation`
 * * anything else unexpected (1xx/3xx) → transient `unknown`
 *
 * Adapters look up their own provider-code tables first and fall back to this.
 */
export function classifyHttpError(
  status: number | undefined,
  providerCode?: string | number | null,
): ErrorClassification {
  if (providerCode !== undefined && providerCode !== null) {
    const known = GENERIC_CODES.get(String(providerCode));
    if (known) return known;
  }
  if (status === undefined || status === 0) return { kind: 'transient', code: 'network' };
  if (status === 408) return { kind: 'transient', code: 'timeout' };
  if (status === 429 || status === 425) return { kind: 'transient', code: 'rate_limited' };
  if (status >= 500) return { kind: 'transient', code: 'server_error' };
  if (status === 401 || status === 403) return { kind: 'permanent', code: 'authentication' };
  if (status >= 400) return { kind: 'permanent', code: 'validation' };
  return { kind: 'transient', code: 'unknown' };
}

/** Provider-neutral spellings of "try again later" that some APIs put in their error body. */
const GENERIC_CODES = new Map<string, ErrorClassification>([
  ['rate-limit', { kind: 'transient', code: 'rate_limited' }],
  ['rate_limited', { kind: 'transient', code: 'rate_limited' }],
  ['throttled', { kind: 'transient', code: 'rate_limited' }],
]);

/** Builds the right error instance for a classification. */
export function providerError(
  classification: ErrorClassification,
  message: string,
  details: ProviderErrorDetails,
): ProviderError {
  return classification.kind === 'permanent'
    ? new PermanentProviderError(classification.code as PermanentErrorCode, message, details)
    : new TransientProviderError(classification.code as TransientErrorCode, message, details);
}

/** Node/undici/axios error codes that mean "the provider did not answer in time". */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Wraps an error that carried no provider answer (DNS, refused connection, reset, timeout, abort). */
export function networkError(provider: string, err: unknown): TransientProviderError {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  const code =
    typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const timedOut =
    (code !== undefined && TIMEOUT_CODES.has(code)) ||
    e?.name === 'AbortError' ||
    e?.name === 'TimeoutError' ||
    // Postmark rethrows fetch's TimeoutError as a plain PostmarkError that keeps only the message.
    /\btimed? ?out\b/i.test(message);
  return new TransientProviderError(timedOut ? 'timeout' : 'network', `${provider}: ${message}`, {
    provider,
    providerCode: code,
    cause: err,
  });
}
