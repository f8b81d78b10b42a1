/**
 * A local stand-in for the Vonage Messages API, enough for the real `@vonage/messages` SDK:
 * `POST /v1/messages` with `Authorization: Bearer <JWT>` answers 202 `{message_uuid}`. When given the
 * application's public key it verifies the RS256 JWT and its `application_id`. Errors are RFC 7807
 * problems like Vonage's (`type: https://developer.vonage.com/api-errors/messages#1150`, ...).
 */
import { createPublicKey, KeyObject, randomUUID, verify } from 'node:crypto';
import { FakeServer, JsonAnswer, RecordedRequest, startFakeServer } from './fake-server';

export interface FakeVonageOptions {
  /** Verify the JWT signature with this key (PEM or KeyObject). */
  publicKey?: string | KeyObject;
  /** Require this `application_id` claim. */
  applicationId?: string;
}

export interface FakeVonageMessage {
  messageUuid: string;
  channel: string;
  messageType: string;
  to: string;
  from: string;
  text: string;
  clientRef: string | null;
}

export interface FakeVonage extends FakeServer {
  messages: FakeVonageMessage[];
}

function problem(
  status: number,
  type: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): JsonAnswer {
  return {
    status,
    body: { type, title, detail, instance: randomUUID(), ...extra },
    headers: { 'content-type': 'application/problem+json' },
  };
}

function defaultFailureBody(status: number): unknown {
  const instance = randomUUID();
  if (status === 401)
    return {
      type: 'https://developer.vonage.com/api-errors#unauthorized',
      title: 'Unauthorized',
      detail: 'You did not provide correct credentials.',
      instance,
    };
  if (status === 429)
    return {
      type: 'https://developer.vonage.com/api-errors/messages#1000',
      title: 'Throttled',
      detail: 'You have exceeded the submission capacity allowed on this account. Please wait and retry',
      instance,
    };
  if (status >= 500)
    return {
      type: 'https://developer.vonage.com/api-errors/messages#1030',
      title: 'Internal error',
      detail: 'There was an error processing your request in the Platform.',
      instance,
    };
  return {
    type: 'https://developer.vonage.com/api-errors/messages#1150',
    title: 'Invalid params',
    detail: 'The value of one or more parameters is invalid.',
    instance,
  };
}

function b64urlJson(part: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export async function startFakeVonage(options: FakeVonageOptions = {}): Promise<FakeVonage> {
  const messages: FakeVonageMessage[] = [];
  const publicKey =
    options.publicKey === undefined
      ? undefined
      : typeof options.publicKey === 'string'
        ? createPublicKey(options.publicKey)
        : options.publicKey;

  const unauthorized = () =>
    problem(
      401,
      'https://developer.vonage.com/api-errors#unauthorized',
      'Unauthorized',
      'You did not provide correct credentials.',
    );

  const checkJwt = (req: RecordedRequest): JsonAnswer | null => {
    const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(String(req.headers.authorization ?? ''));
    if (!match) return unauthorized();
    const header = b64urlJson(match[1]);
    const claims = b64urlJson(match[2]);
    if (!header || !claims || header.alg !== 'RS256') return unauthorized();
    if (publicKey) {
      const ok = verify(
        'RSA-SHA256',
        Buffer.from(`${match[1]}.${match[2]}`),
        publicKey,
        Buffer.from(match[3], 'base64url'),
      );
      if (!ok) return unauthorized();
    }
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
      return problem(
        401,
        'https://developer.vonage.com/api-errors#jwt-expired',
        'Unauthorized',
        'The JWT provided has expired',
      );
    }
    if (options.applicationId !== undefined && claims.application_id !== options.applicationId)
      return unauthorized();
    return null;
  };

  const handler = (req: RecordedRequest): JsonAnswer => {
    if (req.path !== '/v1/messages' || req.method !== 'POST') {
      return problem(
        404,
        'https://developer.vonage.com/api-errors#not-found',
        'Not Found',
        'The requested resource does not exist',
      );
    }
    const denied = checkJwt(req);
    if (denied) return denied;
    const b = req.body as Record<string, unknown>;
    const invalid: { name: string; reason: string }[] = [];
    const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
    if (!['sms', 'mms', 'whatsapp', 'messenger', 'viber_service', 'rcs'].includes(str('channel')))
      invalid.push({ name: 'channel', reason: 'must be a supported channel' });
    if (!str('message_type')) invalid.push({ name: 'message_type', reason: 'is required' });
    if (!/^[1-9]\d{6,14}$/.test(str('to')))
      invalid.push({ name: 'to', reason: 'Needs to be a valid number in E.164 format without a leading +' });
    if (!str('from')) invalid.push({ name: 'from', reason: 'is required' });
    if (str('message_type') === 'text' && !str('text')) invalid.push({ name: 'text', reason: 'is required' });
    if (str('text').length > 1000 && str('channel') === 'viber_service')
      invalid.push({ name: 'text', reason: 'must be at most 1000 characters' });
    if (invalid.length > 0) {
      return problem(
        422,
        'https://developer.vonage.com/api-errors/messages#1150',
        'Invalid params',
        'Your request contains invalid parameters.',
        {
          invalid_parameters: invalid,
        },
      );
    }
    const message: FakeVonageMessage = {
      messageUuid: randomUUID(),
      channel: str('channel'),
      messageType: str('message_type'),
      to: str('to'),
      from: str('from'),
      text: str('text'),
      clientRef: str('client_ref') || null,
    };
    messages.push(message);
    return { status: 202, body: { message_uuid: message.messageUuid } };
  };

  const server = await startFakeServer(handler, defaultFailureBody);
  return {
    ...server,
    messages,
    reset() {
      server.reset();
      messages.length = 0;
    },
  };
}
