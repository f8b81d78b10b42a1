/**
 * Viber through the Vonage Messages API (`POST {apiHost}/v1/messages`, channel `viber_service`),
 * authenticated with a JWT signed by the application's private key.
 */
import type { Messages, SendMessageParams } from '@vonage/messages';
import {
  ChannelProvider,
  classifyHttpError,
  ErrorClassification,
  networkError,
  OutgoingMessage,
  providerError,
  ProviderError,
  SendResult,
} from './provider';

export const VONAGE_PROVIDER = 'vonage';

/** What the adapter needs: `new Messages({ applicationId, privateKey }, { apiHost })` satisfies it. */
export type VonageMessagesLike = Pick<Messages, 'send'>;

export interface VonageViberOptions {
  /** The Viber Service Message ID (sender) provisioned in Vonage. */
  from: string;
}

/**
 * Vonage Messages API error codes, carried in the RFC 7807 `type` URL after `#`
 * (https://developer.vonage.com/api-errors/messages).
 */
const VONAGE_CODES = new Map<string, ErrorClassification>([
  ['1000', { kind: 'transient', code: 'rate_limited' }], // Throttled
  ['1010', { kind: 'permanent', code: 'validation' }], // Missing params
  ['1020', { kind: 'permanent', code: 'validation' }], // Invalid params
  ['1021', { kind: 'permanent', code: 'validation' }], // Invalid tag
  ['1022', { kind: 'permanent', code: 'validation' }], // Invalid template
  ['1030', { kind: 'transient', code: 'server_error' }], // Internal error
  ['1040', { kind: 'permanent', code: 'invalid_recipient' }], // Invalid message (e.g. unrecognised number prefix)
  ['1050', { kind: 'permanent', code: 'rejected' }], // Number barred
  ['1060', { kind: 'permanent', code: 'authentication' }], // Partner account barred
  ['1070', { kind: 'transient', code: 'rate_limited' }], // Provider quota exceeded
  ['1080', { kind: 'permanent', code: 'authentication' }], // Account not enabled for REST
  ['1090', { kind: 'permanent', code: 'validation' }], // Message too long
  ['1100', { kind: 'transient', code: 'network' }], // Communication failed
  ['1120', { kind: 'permanent', code: 'invalid_sender' }], // Illegal sender address
  ['1130', { kind: 'permanent', code: 'validation' }], // Invalid TTL
  ['1150', { kind: 'permanent', code: 'validation' }], // Invalid params
  ['unauthorized', { kind: 'permanent', code: 'authentication' }],
  ['forbidden', { kind: 'permanent', code: 'authentication' }],
  ['unprovisioned', { kind: 'permanent', code: 'authentication' }],
  ['invalid-params', { kind: 'permanent', code: 'validation' }],
  ['low-balance', { kind: 'permanent', code: 'rejected' }],
]);

export function classifyVonageError(status: number | undefined, code?: string | null): ErrorClassification {
  const known = code ? VONAGE_CODES.get(code) : undefined;
  return known ?? classifyHttpError(status, code);
}

interface VonageProblem {
  type?: string;
  title?: string;
  detail?: string;
}

/** Maps a rejection of `Messages.send`: a VetchError carrying the unread fetch Response, or a network error. */
export async function toVonageError(err: unknown): Promise<ProviderError> {
  const response = (err as { response?: { status?: unknown; text?: () => Promise<string> } } | null)
    ?.response;
  if (!response || typeof response.status !== 'number') return networkError(VONAGE_PROVIDER, err);
  const status = response.status;
  let problem: VonageProblem = {};
  try {
    const text = typeof response.text === 'function' ? await response.text() : '';
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') problem = parsed as VonageProblem;
  } catch {
    // not JSON (or already read): classify by status alone
  }
  const hash = typeof problem.type === 'string' ? problem.type.lastIndexOf('#') : -1;
  const code = hash >= 0 ? (problem.type as string).slice(hash + 1) : undefined;
  const text = [problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${status}`;
  return providerError(classifyVonageError(status, code), `vonage: ${text}${code ? ` (${code})` : ''}`, {
    provider: VONAGE_PROVIDER,
    status,
    providerCode: code,
    cause: err,
  });
}

/** Vonage wants international numbers without `+` or separators: `+44 7700 900000` → `447700900000`. */
export function vonageNumber(e164: string): string {
  return e164.replace(/[^\d]/g, '');
}

export class VonageViberProvider implements ChannelProvider {
  readonly name = VONAGE_PROVIDER;

  /**
   * @param client a `@vonage/messages` `Messages` client built by the caller,
   *   `new Messages({ applicationId, privateKey }, { apiHost })`
   * @param options the Viber service sender
   *
   * Delivery status arrives on the Vonage application's status webhook; `statusCallbackUrl` (a
   * Twilio-shaped route) is not forwarded.
   */
  constructor(
    private readonly client: VonageMessagesLike,
    private readonly options: VonageViberOptions,
  ) {
    if (!options.from?.trim()) throw new Error('VonageViberProvider needs a Viber service sender (from)');
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    // The plain Messages API shape; the SDK snake-cases the keys (message_type, client_ref).
    const message = {
      messageType: 'text',
      channel: 'viber_service',
      to: vonageNumber(msg.to),
      from: this.options.from.trim(),
      text: msg.body,
      clientRef: msg.metadata.deliveryId.slice(0, 100),
    };
    let uuid: string | undefined;
    try {
      const answer = await this.client.send(message as unknown as SendMessageParams);
      uuid = answer.messageUUID;
    } catch (err) {
      throw await toVonageError(err);
    }
    if (!uuid) {
      throw providerError({ kind: 'transient', code: 'unknown' }, 'vonage: answer without a message_uuid', {
        provider: VONAGE_PROVIDER,
      });
    }
    return { provider: VONAGE_PROVIDER, providerMessageId: uuid };
  }
}
