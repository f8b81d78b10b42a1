/** Email through Postmark (`POST /email` with the `X-Postmark-Server-Token` header). */
import type { ServerClient } from 'postmark';
import type { Message } from 'postmark';
import {
  ChannelProvider,
  classifyHttpError,
  ErrorClassification,
  networkError,
  OutgoingMessage,
  providerError,
  ProviderError,
  SendResult,
  type SentMessageLookup,
  type SentMessageQuery,
} from './provider';

export const POSTMARK_PROVIDER = 'postmark';

/** What the adapter needs from a Postmark client: `new ServerClient(token, { requestHost, useHttps })` satisfies it. */
export type PostmarkClientLike = Pick<ServerClient, 'sendEmail' | 'getOutboundMessages'>;

export interface PostmarkEmailOptions {
  /** Default From address (a confirmed sender signature or a verified domain). */
  from: string;
  fromName?: string | null;
  /** Postmark message stream; Postmark uses `outbound` when omitted. */
  messageStream?: string | null;
}

/** Postmark API error codes (https://postmarkapp.com/developer/api/overview#error-codes). */
const POSTMARK_CODES = new Map<number, ErrorClassification>([
  [10, { kind: 'permanent', code: 'authentication' }], // Bad or missing API token
  [100, { kind: 'transient', code: 'server_error' }], // Maintenance
  [300, { kind: 'permanent', code: 'validation' }], // Invalid email request (refined below for 'To')
  [400, { kind: 'permanent', code: 'invalid_sender' }], // Sender signature not found
  [401, { kind: 'permanent', code: 'invalid_sender' }], // Sender signature not confirmed
  [402, { kind: 'permanent', code: 'validation' }], // Invalid JSON
  [403, { kind: 'permanent', code: 'validation' }], // Incompatible JSON
  [405, { kind: 'permanent', code: 'rejected' }], // Not allowed to send (e.g. out of credits)
  [406, { kind: 'permanent', code: 'inactive_recipient' }], // Inactive recipient (hard bounce, spam complaint, suppression)
  [409, { kind: 'permanent', code: 'validation' }], // JSON required
  [410, { kind: 'permanent', code: 'validation' }], // Too many batch messages
  [411, { kind: 'permanent', code: 'validation' }], // Forbidden attachment type
  [412, { kind: 'permanent', code: 'rejected' }], // Account is pending
  [413, { kind: 'permanent', code: 'rejected' }], // Pending account may only send to its own domain
  [1235, { kind: 'permanent', code: 'validation' }], // Message stream not found
  [1236, { kind: 'permanent', code: 'validation' }], // Message stream not an outbound stream
]);

export function classifyPostmarkError(
  status: number | undefined,
  errorCode?: number | null,
  message = '',
): ErrorClassification {
  if (errorCode === 300 && /'?to'? address|recipient/i.test(message)) {
    return { kind: 'permanent', code: 'invalid_recipient' };
  }
  const known = errorCode ? POSTMARK_CODES.get(errorCode) : undefined;
  return known ?? classifyHttpError(status, errorCode ?? undefined);
}

/** Maps a rejection of `ServerClient.sendEmail` (a `PostmarkError` with `code` and `statusCode`). */
export function toPostmarkError(err: unknown): ProviderError {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  const status = typeof e?.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
  const code = typeof e?.code === 'number' && e.code > 0 ? e.code : undefined;
  if (status === undefined && code === undefined) return networkError(POSTMARK_PROVIDER, err);
  const message = typeof e?.message === 'string' ? e.message : '';
  return providerError(
    classifyPostmarkError(status, code, message),
    `postmark: ${message || `HTTP ${status}`}${code ? ` (ErrorCode ${code})` : ''}`,
    {
      provider: POSTMARK_PROVIDER,
      status,
      providerCode: code,
      cause: err,
    },
  );
}

/** `"Name" <address>` with the display name quoted per RFC 5322. */
export function formatMailbox(address: string, name?: string | null): string {
  const trimmedName = name?.trim();
  if (!trimmedName) return address;
  return `"${trimmedName.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}" <${address}>`;
}

export class PostmarkEmailProvider implements ChannelProvider {
  readonly name = POSTMARK_PROVIDER;
  readonly deliveryReports = 'account_webhook' as const;

  /**
   * @param client a Postmark `ServerClient`, built by the caller (for tests: `{ requestHost: '127.0.0.1:port', useHttps: false }`)
   * @param options default sender and message stream
   */
  constructor(
    private readonly client: PostmarkClientLike,
    private readonly options: PostmarkEmailOptions,
  ) {
    if (!options.from?.trim()) throw new Error('PostmarkEmailProvider needs a From address');
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const address = msg.from?.emailFromAddress?.trim() || this.options.from.trim();
    const name = msg.from?.emailFromName?.trim() || this.options.fromName;
    const email: Message = {
      From: formatMailbox(address, name),
      To: msg.to.trim(),
      Subject: msg.subject ?? '',
      TextBody: msg.body,
      // Echoed back in Postmark's webhooks. (Postmark caps values at 80 characters, so the
      // idempotency key, which can be longer, is not sent.)
      Metadata: { deliveryId: msg.metadata.deliveryId, companyId: msg.metadata.companyId },
    };
    if (this.options.messageStream) email.MessageStream = this.options.messageStream;

    let messageId: string | undefined;
    try {
      const answer = await this.client.sendEmail(email);
      messageId = answer.MessageID;
      if (answer.ErrorCode) {
        throw Object.assign(new Error(answer.Message), { code: answer.ErrorCode, statusCode: 422 });
      }
    } catch (err) {
      throw toPostmarkError(err);
    }
    if (!messageId) {
      throw providerError({ kind: 'transient', code: 'unknown' }, 'postmark: answer without a MessageID', {
        provider: POSTMARK_PROVIDER,
      });
    }
    return { provider: POSTMARK_PROVIDER, providerMessageId: messageId };
  }

  /** Reconciliation: Postmark's outbound-message search by the `deliveryId` metadata we sent. */
  async findSent(query: SentMessageQuery): Promise<SentMessageLookup> {
    let answer;
    try {
      answer = await this.client.getOutboundMessages({
        count: 50,
        offset: 0,
        recipient: query.to.trim(),
        metadata_deliveryId: query.deliveryId,
      });
    } catch (err) {
      throw toPostmarkError(err);
    }
    const match = (answer.Messages ?? []).find(
      (m) => m.Metadata?.deliveryId === query.deliveryId && !query.excludeIds.includes(m.MessageID),
    );
    return match ? { found: true, providerMessageId: match.MessageID } : { found: false };
  }
}
