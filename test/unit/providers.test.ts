/**
 * Channel providers with the REAL SDKs (twilio, postmark, @vonage/messages) aimed at local fake
 * servers on 127.0.0.1. A network guard makes any other destination fail immediately.
 */
import '../fakes/jest-esm-shims'; // first: lets Jest load @vonage/* (see the file)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import twilio from 'twilio';
import {
  ChannelProvider,
  classifyHttpError,
  OutgoingMessage,
  PermanentProviderError,
  TransientProviderError,
} from '../../src/providers/provider';
import { TwilioSmsProvider } from '../../src/providers/twilio-sms';
import { TwilioWhatsAppProvider } from '../../src/providers/twilio-whatsapp';
import { PostmarkEmailProvider, formatMailbox } from '../../src/providers/postmark-email';
import { VonageViberProvider } from '../../src/providers/vonage-viber';
import {
  buildPostmarkClient,
  buildProviders,
  buildTwilioClient,
  buildVonageMessagesClient,
  postmarkHostOptions,
  PROVIDER_TIMEOUT_MS,
  providersConfigFromEnv,
  rebaseUrl,
} from '../../src/providers/factory';
import {
  detectOptKeyword,
  parsePostmarkWebhook,
  parseTwilioInbound,
  parseTwilioStatus,
  verifyPostmarkBasicAuth,
  verifyTwilioSignature,
} from '../../src/providers/webhook-auth';
import { startFakeTwilio, FakeTwilio } from '../fakes/fake-twilio';
import { startFakePostmark, FakePostmark } from '../fakes/fake-postmark';
import { startFakeVonage, FakeVonage } from '../fakes/fake-vonage';
import type { FakeServer } from '../fakes/fake-server';
import { blockExternalNetwork, ExternalNetworkBlockedError } from '../fakes/no-internet';

const ACCOUNT_SID = 'AC' + '0'.repeat(31) + '1';
const AUTH_TOKEN = 'test-auth-token';
const POSTMARK_TOKEN = 'pm-server-token';
const VONAGE_APP_ID = '11111111-2222-3333-4444-555555555555';

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    channel: 'sms',
    to: '+15557654321',
    subject: null,
    body: 'Your device is ready for pickup',
    idempotencyKey: 'wf-1:rule-1:evt-1',
    statusCallbackUrl: null,
    metadata: { deliveryId: 'del-1', companyId: 'co-1' },
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let restoreNetwork: () => void;
let fakeTwilio: FakeTwilio;
let fakePostmark: FakePostmark;
let fakeVonage: FakeVonage;

beforeAll(async () => {
  restoreNetwork = blockExternalNetwork();
  [fakeTwilio, fakePostmark, fakeVonage] = await Promise.all([
    startFakeTwilio({
      authToken: AUTH_TOKEN,
      rejections: {
        '+15550006316': {
          code: 63016,
          message: 'Failed to send freeform message because you are outside the allowed window.',
        },
      },
    }),
    startFakePostmark({ serverToken: POSTMARK_TOKEN, inactiveRecipients: ['gone@example.com'] }),
    startFakeVonage({ publicKey: keys.publicKey, applicationId: VONAGE_APP_ID }),
  ]);
});

afterAll(async () => {
  await Promise.all([fakeTwilio?.close(), fakePostmark?.close(), fakeVonage?.close()]);
  restoreNetwork?.();
});

beforeEach(() => {
  fakeTwilio.reset();
  fakePostmark.reset();
  fakeVonage.reset();
});

function twilioClient() {
  return buildTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: fakeTwilio.url });
}

describe('network guard', () => {
  it('refuses connections to anything but loopback, so an SDK left on its default host fails fast', async () => {
    const client = buildTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }); // api.twilio.com
    const err = await rejection(new TwilioSmsProvider(client, { from: '+15550001111' }).send(message()));
    expect(err).toBeInstanceOf(TransientProviderError);
    expect((err as Error).cause).toBeDefined();
    expect(String((err as Error).message)).toMatch(/only 127\.0\.0\.1 is allowed/);
    expect(new ExternalNetworkBlockedError('x').name).toBe('ExternalNetworkBlockedError');
  });
});

describe('classifyHttpError', () => {
  it.each([
    [undefined, 'transient', 'network'],
    [408, 'transient', 'timeout'],
    [429, 'transient', 'rate_limited'],
    [500, 'transient', 'server_error'],
    [503, 'transient', 'server_error'],
    [400, 'permanent', 'validation'],
    [422, 'permanent', 'validation'],
    [401, 'permanent', 'authentication'],
  ] as const)('status %s → %s %s', (status, kind, code) => {
    expect(classifyHttpError(status)).toEqual({ kind, code });
  });

  it('honours generic throttling codes whatever the status', () => {
    expect(classifyHttpError(400, 'throttled')).toEqual({ kind: 'transient', code: 'rate_limited' });
  });

  it('errors carry their class name for Temporal nonRetryableErrorTypes', () => {
    const p = new PermanentProviderError('unsubscribed', 'x', { provider: 't' });
    const t = new TransientProviderError('server_error', 'y', { provider: 't' });
    expect([p.name, t.name]).toEqual(['PermanentProviderError', 'TransientProviderError']);
    expect([p.retryable, t.retryable, p.reason, t.reason]).toEqual([
      false,
      true,
      'provider_rejected',
      'provider_error',
    ]);
    expect(p.recipientOptedOut).toBe(true);
  });
});

describe('Twilio SMS through the real twilio SDK', () => {
  it('POSTs the form-encoded message with basic auth and returns the SID', async () => {
    const provider = new TwilioSmsProvider(twilioClient(), { from: '+15550001111' });
    const result = await provider.send(
      message({ statusCallbackUrl: 'http://127.0.0.1:3000/webhooks/twilio/status' }),
    );

    expect(fakeTwilio.requests).toHaveLength(1);
    const req = fakeTwilio.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(req.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(req.body).toEqual({
      To: '+15557654321',
      From: '+15550001111',
      Body: 'Your device is ready for pickup',
      StatusCallback: 'http://127.0.0.1:3000/webhooks/twilio/status',
    });
    expect(result).toEqual({ provider: 'twilio', providerMessageId: fakeTwilio.messages[0].sid });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("uses the company's sender ID and the messaging service", async () => {
    const provider = new TwilioSmsProvider(twilioClient(), {
      from: '+15550001111',
      messagingServiceSid: 'MG' + 'a'.repeat(32),
    });
    await provider.send(message());
    await provider.send(message({ from: { smsSenderId: 'ACMEFIX' } }));
    expect(fakeTwilio.requests[0].body).toEqual({
      To: '+15557654321',
      MessagingServiceSid: 'MG' + 'a'.repeat(32),
      Body: 'Your device is ready for pickup',
    });
    expect(fakeTwilio.requests[1].body).toMatchObject({
      From: 'ACMEFIX',
      MessagingServiceSid: 'MG' + 'a'.repeat(32),
    });
    expect(fakeTwilio.messages[0].status).toBe('accepted');
  });

  it('needs a sender', () => {
    expect(() => new TwilioSmsProvider(twilioClient(), {})).toThrow(/from number or a messaging service/);
  });

  it.each([
    ['+15005550001', 21211, 'invalid_recipient'],
    ['+15005550004', 21610, 'unsubscribed'],
    ['+15005550009', 21614, 'not_mobile'],
    ['+15005550003', 21408, 'unreachable'],
  ])('%s → PermanentProviderError (%s %s)', async (to, providerCode, code) => {
    const err = await rejection(
      new TwilioSmsProvider(twilioClient(), { from: '+15550001111' }).send(message({ to })),
    );
    expect(err).toBeInstanceOf(PermanentProviderError);
    expect(err).toMatchObject({ code, providerCode, status: 400, provider: 'twilio' });
  });

  it('maps 500 and 429 (20429) to TransientProviderError', async () => {
    const provider = new TwilioSmsProvider(twilioClient(), { from: '+15550001111' });
    fakeTwilio.failNext(500);
    const e500 = await rejection(provider.send(message()));
    expect(e500).toBeInstanceOf(TransientProviderError);
    expect(e500).toMatchObject({ code: 'server_error', status: 500 });

    fakeTwilio.failNext(429);
    const e429 = await rejection(provider.send(message()));
    expect(e429).toBeInstanceOf(TransientProviderError);
    expect(e429).toMatchObject({ code: 'rate_limited', status: 429, providerCode: 20429 });

    // and the next one goes through
    await expect(provider.send(message())).resolves.toMatchObject({ provider: 'twilio' });
  });

  it('when sends go faster than the account rate, the one beyond it is a retryable rate_limited error', async () => {
    const limited = await startFakeTwilio({ authToken: AUTH_TOKEN, ratePerSecond: 2 });
    try {
      const client = buildTwilioClient({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        baseUrl: limited.url,
      });
      const provider = new TwilioSmsProvider(client, { from: '+15550001111' });
      await provider.send(message());
      await provider.send(message());
      const third = await rejection(provider.send(message()));
      expect(third).toBeInstanceOf(TransientProviderError);
      expect(third).toMatchObject({ code: 'rate_limited', status: 429, providerCode: 20429 });
      expect(limited.messages).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it('maps a wrong auth token (20003) to a permanent authentication error', async () => {
    const client = buildTwilioClient({
      accountSid: ACCOUNT_SID,
      authToken: 'wrong',
      baseUrl: fakeTwilio.url,
    });
    const err = await rejection(new TwilioSmsProvider(client, { from: '+15550001111' }).send(message()));
    expect(err).toBeInstanceOf(PermanentProviderError);
    expect(err).toMatchObject({ code: 'authentication', providerCode: 20003, status: 401 });
  });

  it('maps connection failures to TransientProviderError', async () => {
    const port = await closedPort();
    const client = buildTwilioClient({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
    });
    const err = await rejection(new TwilioSmsProvider(client, { from: '+15550001111' }).send(message()));
    expect(err).toBeInstanceOf(TransientProviderError);
    expect(err).toMatchObject({ code: 'network', providerCode: 'ECONNREFUSED' });

    fakeTwilio.failNext(0); // connection dropped mid-request
    const dropped = await rejection(
      new TwilioSmsProvider(twilioClient(), { from: '+15550001111' }).send(message()),
    );
    expect(dropped).toBeInstanceOf(TransientProviderError);
  });
});

describe('Twilio WhatsApp', () => {
  it('prefixes whatsapp: on To and From', async () => {
    const provider = new TwilioWhatsAppProvider(twilioClient(), { from: '+15550002222' });
    const result = await provider.send(message({ channel: 'whatsapp' }));
    expect(fakeTwilio.requests[0].body).toEqual({
      To: 'whatsapp:+15557654321',
      From: 'whatsapp:+15550002222',
      Body: 'Your device is ready for pickup',
    });
    expect(result.providerMessageId).toBe(fakeTwilio.messages[0].sid);
  });

  it('does not double the prefix', async () => {
    const provider = new TwilioWhatsAppProvider(twilioClient(), { from: 'whatsapp:+15550002222' });
    await provider.send(message({ channel: 'whatsapp', to: 'whatsapp:+15557654321' }));
    expect(fakeTwilio.requests[0].body).toMatchObject({
      To: 'whatsapp:+15557654321',
      From: 'whatsapp:+15550002222',
    });
  });

  it('maps 63016 (outside the 24h window) and 21610 to permanent errors', async () => {
    const provider = new TwilioWhatsAppProvider(twilioClient(), { from: '+15550002222' });
    const windowErr = await rejection(provider.send(message({ channel: 'whatsapp', to: '+15550006316' })));
    expect(windowErr).toBeInstanceOf(PermanentProviderError);
    expect(windowErr).toMatchObject({ code: 'outside_session_window', providerCode: 63016 });
    const stopErr = await rejection(provider.send(message({ channel: 'whatsapp', to: '+15005550004' })));
    expect(stopErr).toMatchObject({ code: 'unsubscribed', providerCode: 21610 });
  });
});

describe('Postmark email through the real postmark SDK', () => {
  function provider(opts: { fromName?: string; messageStream?: string } = {}) {
    const client = buildPostmarkClient({
      serverToken: POSTMARK_TOKEN,
      requestHost: new URL(fakePostmark.url).host,
      useHttps: false,
    });
    return new PostmarkEmailProvider(client, {
      from: 'noreply@acme.test',
      fromName: opts.fromName ?? 'Acme Repairs',
      messageStream: opts.messageStream,
    });
  }

  it('POSTs /email with the server token and returns the MessageID', async () => {
    const result = await provider({ messageStream: 'notifications' }).send(
      message({ channel: 'email', to: 'client@example.com', subject: 'Ready for pickup', body: 'Hello!' }),
    );
    const req = fakePostmark.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/email');
    expect(req.headers['x-postmark-server-token']).toBe(POSTMARK_TOKEN);
    expect(req.body).toEqual({
      From: '"Acme Repairs" <noreply@acme.test>',
      To: 'client@example.com',
      Subject: 'Ready for pickup',
      TextBody: 'Hello!',
      MessageStream: 'notifications',
      Metadata: { deliveryId: 'del-1', companyId: 'co-1' },
    });
    expect(result).toEqual({ provider: 'postmark', providerMessageId: fakePostmark.emails[0].messageId });
  });

  it("uses the company's sender name and address when set", async () => {
    await provider().send(
      message({
        channel: 'email',
        to: 'client@example.com',
        subject: 'Hi',
        from: { emailFromAddress: 'shop@fix.test', emailFromName: 'Fix "The" Shop' },
      }),
    );
    expect(fakePostmark.requests[0].body).toMatchObject({ From: '"Fix \\"The\\" Shop" <shop@fix.test>' });
    expect(formatMailbox('a@b.c', null)).toBe('a@b.c');
  });

  it('maps ErrorCode 406 (inactive recipient) and 300 (invalid To) to permanent errors', async () => {
    const inactive = await rejection(
      provider().send(message({ channel: 'email', to: 'gone@example.com', subject: 'x' })),
    );
    expect(inactive).toBeInstanceOf(PermanentProviderError);
    expect(inactive).toMatchObject({
      code: 'inactive_recipient',
      providerCode: 406,
      status: 422,
      recipientOptedOut: true,
    });

    const invalid = await rejection(
      provider().send(message({ channel: 'email', to: 'not-an-email', subject: 'x' })),
    );
    expect(invalid).toBeInstanceOf(PermanentProviderError);
    expect(invalid).toMatchObject({ code: 'invalid_recipient', providerCode: 300, status: 422 });

    fakePostmark.failNext(422);
    const forced = await rejection(
      provider().send(message({ channel: 'email', to: 'client@example.com', subject: 'x' })),
    );
    expect(forced).toMatchObject({ code: 'inactive_recipient', providerCode: 406 });
  });

  it('maps a bad server token to a permanent authentication error', async () => {
    const client = buildPostmarkClient({ serverToken: 'nope', requestHost: fakePostmark.url });
    const err = await rejection(
      new PostmarkEmailProvider(client, { from: 'noreply@acme.test' }).send(
        message({ channel: 'email', to: 'client@example.com' }),
      ),
    );
    expect(err).toBeInstanceOf(PermanentProviderError);
    expect(err).toMatchObject({ code: 'authentication', providerCode: 10, status: 401 });
  });

  it('maps 500, 503, 429 and network errors to TransientProviderError', async () => {
    const email = message({ channel: 'email', to: 'client@example.com', subject: 'x' });
    fakePostmark.failNext(500);
    expect(await rejection(provider().send(email))).toMatchObject({ code: 'server_error', status: 500 });
    fakePostmark.failNext(503, 'Service Unavailable');
    const e503 = await rejection(provider().send(email));
    expect(e503).toBeInstanceOf(TransientProviderError);
    fakePostmark.failNext(429);
    expect(await rejection(provider().send(email))).toMatchObject({ code: 'rate_limited', status: 429 });

    const port = await closedPort();
    const client = buildPostmarkClient({
      serverToken: POSTMARK_TOKEN,
      requestHost: `http://127.0.0.1:${port}`,
    });
    const net = await rejection(new PostmarkEmailProvider(client, { from: 'noreply@acme.test' }).send(email));
    expect(net).toBeInstanceOf(TransientProviderError);
    expect(net).toMatchObject({ code: 'network' });
  });

  it('parses requestHost given as a URL', () => {
    expect(postmarkHostOptions('http://127.0.0.1:4011/')).toEqual({
      requestHost: '127.0.0.1:4011',
      useHttps: false,
    });
    expect(postmarkHostOptions('api.postmarkapp.com')).toEqual({
      requestHost: 'api.postmarkapp.com',
      useHttps: true,
    });
    expect(postmarkHostOptions(undefined)).toEqual({});
  });
});

describe('Vonage Viber through the real @vonage/messages SDK', () => {
  function provider(privateKey = keys.privateKey) {
    const client = buildVonageMessagesClient({
      applicationId: VONAGE_APP_ID,
      privateKey,
      apiHost: fakeVonage.url,
    });
    return new VonageViberProvider(client, { from: 'AcmeViber' });
  }

  it('POSTs /v1/messages with a signed JWT and returns the message_uuid', async () => {
    const result = await provider().send(message({ channel: 'viber', to: '+44 7700 900123' }));
    const req = fakeVonage.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/messages');
    expect(String(req.headers.authorization)).toMatch(/^Bearer /);
    expect(req.body).toEqual({
      message_type: 'text',
      channel: 'viber_service',
      to: '447700900123',
      from: 'AcmeViber',
      text: 'Your device is ready for pickup',
      client_ref: 'del-1',
    });
    expect(result).toEqual({ provider: 'vonage', providerMessageId: fakeVonage.messages[0].messageUuid });
  });

  it('maps a JWT signed with the wrong key (401) to a permanent authentication error', async () => {
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const err = await rejection(provider(other.privateKey).send(message({ channel: 'viber' })));
    expect(err).toBeInstanceOf(PermanentProviderError);
    expect(err).toMatchObject({ code: 'authentication', status: 401, providerCode: 'unauthorized' });
  });

  it('maps 422 invalid params (1150) to a permanent error', async () => {
    const err = await rejection(provider().send(message({ channel: 'viber', to: '+012' })));
    expect(err).toBeInstanceOf(PermanentProviderError);
    expect(err).toMatchObject({ code: 'validation', status: 422, providerCode: '1150' });
  });

  it('maps 429, 5xx and network errors to TransientProviderError', async () => {
    fakeVonage.failNext(429);
    expect(await rejection(provider().send(message({ channel: 'viber' })))).toMatchObject({
      code: 'rate_limited',
      status: 429,
      providerCode: '1000',
    });
    fakeVonage.failNext(503, 'upstream down');
    const e503 = await rejection(provider().send(message({ channel: 'viber' })));
    expect(e503).toBeInstanceOf(TransientProviderError);
    expect(e503).toMatchObject({ code: 'server_error', status: 503 });

    const port = await closedPort();
    const client = buildVonageMessagesClient({
      applicationId: VONAGE_APP_ID,
      privateKey: keys.privateKey,
      apiHost: `http://127.0.0.1:${port}`,
    });
    const net = await rejection(
      new VonageViberProvider(client, { from: 'AcmeViber' }).send(message({ channel: 'viber' })),
    );
    expect(net).toBeInstanceOf(TransientProviderError);
  });
});

describe('provider timeouts', () => {
  const TIMEOUT_MS = 200;
  const hangingProviders: Record<string, { fake: () => FakeServer; send: () => Promise<unknown> }> = {
    twilio: {
      fake: () => fakeTwilio,
      send: () => {
        const client = buildTwilioClient({
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          baseUrl: fakeTwilio.url,
          timeoutMs: TIMEOUT_MS,
        });
        return new TwilioSmsProvider(client, { from: '+15550001111' }).send(message());
      },
    },
    postmark: {
      fake: () => fakePostmark,
      send: () => {
        const client = buildPostmarkClient({
          serverToken: POSTMARK_TOKEN,
          requestHost: fakePostmark.url,
          timeoutMs: TIMEOUT_MS,
        });
        return new PostmarkEmailProvider(client, { from: 'noreply@acme.test' }).send(
          message({ channel: 'email', to: 'client@example.com', subject: 'Hi' }),
        );
      },
    },
    vonage: {
      fake: () => fakeVonage,
      send: () => {
        const client = buildVonageMessagesClient({
          applicationId: VONAGE_APP_ID,
          privateKey: keys.privateKey,
          apiHost: fakeVonage.url,
          timeoutMs: TIMEOUT_MS,
        });
        return new VonageViberProvider(client, { from: 'AcmeViber' }).send(message({ channel: 'viber' }));
      },
    },
  };

  it.each(Object.keys(hangingProviders))(
    'when %s never answers, then the send fails with a transient timeout error once the configured timeout passes',
    async (name) => {
      // Arrange
      const { fake, send } = hangingProviders[name]!;
      fake().hangNext();

      // Act
      const started = Date.now();
      const err = await rejection(send());
      const elapsed = Date.now() - started;

      // Assert
      expect(err).toBeInstanceOf(TransientProviderError);
      expect(err).toMatchObject({ code: 'timeout', provider: name });
      expect(fake().requests).toHaveLength(1);
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    },
  );

  it('when no timeout is configured, then every SDK client gives up well before the send activity’s minute', () => {
    // Arrange
    const twilioBase = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };

    // Act
    const timeouts = {
      twilio: buildTwilioClient(twilioBase).httpClient.defaultTimeout,
      twilioRebased: buildTwilioClient({ ...twilioBase, baseUrl: fakeTwilio.url }).httpClient.defaultTimeout,
      postmarkSeconds: buildPostmarkClient({ serverToken: POSTMARK_TOKEN }).getClientOptions().timeout,
      vonage: buildVonageMessagesClient({
        applicationId: VONAGE_APP_ID,
        privateKey: keys.privateKey,
      }).getConfig().timeout,
    };

    // Assert
    expect(PROVIDER_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
    expect(timeouts).toEqual({
      twilio: PROVIDER_TIMEOUT_MS,
      twilioRebased: PROVIDER_TIMEOUT_MS,
      postmarkSeconds: PROVIDER_TIMEOUT_MS / 1000,
      vonage: PROVIDER_TIMEOUT_MS,
    });
  });
});

describe('buildProviders', () => {
  const outbox: ChannelProvider = {
    name: 'outbox',
    send: jest.fn(async () => ({ provider: 'outbox', providerMessageId: 'ob-1' })),
  };

  it('uses the outbox for every channel without credentials', () => {
    const providers = buildProviders({}, outbox);
    expect(providers).toEqual({ sms: outbox, whatsapp: outbox, viber: outbox, email: outbox });
  });

  it('uses the outbox for a channel whose sender is missing', () => {
    const providers = buildProviders(
      {
        twilio: {
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          smsFrom: '+15550001111',
          baseUrl: fakeTwilio.url,
        },
        postmark: { serverToken: POSTMARK_TOKEN, from: '' },
      },
      outbox,
    );
    expect(providers.sms).toBeInstanceOf(TwilioSmsProvider);
    expect(providers.whatsapp).toBe(outbox);
    expect(providers.email).toBe(outbox);
    expect(providers.viber).toBe(outbox);
  });

  it('builds real providers that reach the fakes', async () => {
    const providers = buildProviders(
      {
        twilio: {
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          smsFrom: '+15550001111',
          whatsappFrom: '+15550002222',
          baseUrl: fakeTwilio.url,
        },
        postmark: { serverToken: POSTMARK_TOKEN, from: 'noreply@acme.test', requestHost: fakePostmark.url },
        vonage: {
          applicationId: VONAGE_APP_ID,
          privateKey: keys.privateKey,
          viberFrom: 'AcmeViber',
          apiHost: fakeVonage.url,
        },
      },
      outbox,
    );
    expect(Object.fromEntries(Object.entries(providers).map(([k, p]) => [k, p.name]))).toEqual({
      sms: 'twilio',
      whatsapp: 'twilio',
      email: 'postmark',
      viber: 'vonage',
    });
    await providers.sms.send(message());
    await providers.whatsapp.send(message({ channel: 'whatsapp' }));
    await providers.email.send(message({ channel: 'email', to: 'client@example.com', subject: 'Hi' }));
    await providers.viber.send(message({ channel: 'viber' }));
    expect(fakeTwilio.messages.map((m) => m.to)).toEqual(['+15557654321', 'whatsapp:+15557654321']);
    expect(fakePostmark.emails).toHaveLength(1);
    expect(fakeVonage.messages).toHaveLength(1);
    expect(outbox.send).not.toHaveBeenCalled();
  });

  it('reads provider settings from the environment', () => {
    expect(providersConfigFromEnv({})).toEqual({});
    const config = providersConfigFromEnv({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_SMS_FROM: '+15550001111',
      TWILIO_BASE_URL: 'http://127.0.0.1:1',
      POSTMARK_SERVER_TOKEN: 't',
      POSTMARK_FROM: 'a@b.c',
      VONAGE_APPLICATION_ID: VONAGE_APP_ID,
      VONAGE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
      VONAGE_VIBER_FROM: 'AcmeViber',
    });
    expect(config.twilio).toMatchObject({
      accountSid: ACCOUNT_SID,
      smsFrom: '+15550001111',
      baseUrl: 'http://127.0.0.1:1',
    });
    expect(config.postmark).toMatchObject({ serverToken: 't', from: 'a@b.c' });
    expect(config.vonage?.privateKey).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
  });

  it('rebases Twilio URLs onto the test base, keeping path and query', () => {
    expect(
      rebaseUrl(
        'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=1',
        'http://127.0.0.1:9/prefix/',
      ),
    ).toBe('http://127.0.0.1:9/prefix/2010-04-01/Accounts/AC1/Messages.json?PageSize=1');
  });
});

describe('webhook authentication', () => {
  const url = 'https://notify.example.com/webhooks/twilio/status?company=co-1';
  const params = { MessageSid: 'SM123', MessageStatus: 'delivered', To: '+15557654321' };

  it('accepts a valid X-Twilio-Signature and rejects tampering', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    expect(verifyTwilioSignature(AUTH_TOKEN, signature, url, params)).toBe(true);
    expect(verifyTwilioSignature(AUTH_TOKEN, [signature], url, params)).toBe(true);
    expect(verifyTwilioSignature(AUTH_TOKEN, signature, url, { ...params, MessageStatus: 'failed' })).toBe(
      false,
    );
    expect(verifyTwilioSignature('other-token', signature, url, params)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, signature, url.replace('co-1', 'co-2'), params)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, undefined, url, params)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, 'garbage', 'not a url', params)).toBe(false);
  });

  it("verifies the fake's signed status callbacks and inbound messages end to end", async () => {
    const received: { url: string; params: Record<string, string>; valid: boolean }[] = [];
    const receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const { port } = receiver.address() as AddressInfo;
        const fullUrl = `http://127.0.0.1:${port}${req.url}`;
        const p = Object.fromEntries(new URLSearchParams(raw));
        const valid = verifyTwilioSignature(AUTH_TOKEN, req.headers['x-twilio-signature'], fullUrl, p);
        received.push({ url: fullUrl, params: p, valid });
        res.writeHead(valid ? 204 : 403).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = receiver.address() as AddressInfo;
      const callback = `http://127.0.0.1:${port}/webhooks/twilio/status`;
      const sent = await new TwilioSmsProvider(twilioClient(), { from: '+15550001111' }).send(
        message({ statusCallbackUrl: callback }),
      );
      const answer = await fakeTwilio.sendStatusCallback(sent.providerMessageId, 'undelivered', {
        errorCode: 30003,
      });
      expect(answer.status).toBe(204);
      const status = parseTwilioStatus(received[0].params);
      expect(status).toMatchObject({
        providerMessageId: sent.providerMessageId,
        status: 'undelivered',
        outcome: 'failed',
        errorCode: '30003',
        channel: 'sms',
      });
      expect(status.error).toEqual({ kind: 'permanent', code: 'unreachable' });

      const inbound = await fakeTwilio.sendInbound(`http://127.0.0.1:${port}/webhooks/twilio/inbound`, {
        from: '+15557654321',
        to: '+15550002222',
        body: 'STOP',
        channel: 'whatsapp',
      });
      expect(inbound.status).toBe(204);
      expect(parseTwilioInbound(received[1].params)).toMatchObject({
        from: '+15557654321',
        channel: 'whatsapp',
        body: 'STOP',
        optKeyword: 'stop',
      });

      const forged = await fakeTwilio.sendInbound(`http://127.0.0.1:${port}/x`, {
        from: '+1',
        to: '+2',
        body: 'STOP',
        authToken: 'forger',
      });
      expect(forged.status).toBe(403);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('checks Postmark webhook basic-auth credentials', () => {
    const header = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    expect(verifyPostmarkBasicAuth(header('hook', 's3cret:with:colons'), 'hook', 's3cret:with:colons')).toBe(
      true,
    );
    expect(verifyPostmarkBasicAuth(header('hook', 'wrong'), 'hook', 's3cret')).toBe(false);
    expect(verifyPostmarkBasicAuth(header('other', 's3cret'), 'hook', 's3cret')).toBe(false);
    expect(verifyPostmarkBasicAuth(header('hook', 's3cret'), 'hook', 's3cret2')).toBe(false);
    expect(verifyPostmarkBasicAuth('Bearer abc', 'hook', 's3cret')).toBe(false);
    expect(verifyPostmarkBasicAuth(undefined, 'hook', 's3cret')).toBe(false);
    expect(verifyPostmarkBasicAuth(header('hook', 's3cret'), undefined, undefined)).toBe(false);
  });
});

describe('webhook parsers', () => {
  it('parses Twilio status callbacks', () => {
    expect(
      parseTwilioStatus({
        MessageSid: 'SM1',
        MessageStatus: 'delivered',
        To: 'whatsapp:+15557654321',
        From: 'whatsapp:+15550002222',
      }),
    ).toEqual({
      providerMessageId: 'SM1',
      status: 'delivered',
      outcome: 'delivered',
      errorCode: null,
      error: null,
      channel: 'whatsapp',
      to: '+15557654321',
      from: '+15550002222',
    });
    expect(parseTwilioStatus({ SmsSid: 'SM2', SmsStatus: 'sent' })).toMatchObject({
      providerMessageId: 'SM2',
      status: 'sent',
      outcome: 'sent',
    });
    expect(
      parseTwilioStatus({ MessageSid: 'SM3', MessageStatus: 'failed', ErrorCode: '21610' }),
    ).toMatchObject({
      outcome: 'failed',
      errorCode: '21610',
      error: { kind: 'permanent', code: 'unsubscribed' },
    });
    expect(parseTwilioStatus({ MessageSid: 'SM4', MessageStatus: 'queued' }).outcome).toBe('pending');
    expect(parseTwilioStatus({ MessageSid: 'SM5', MessageStatus: 'weird' }).status).toBe('unknown');
  });

  it('parses inbound messages and opt-out keywords', () => {
    expect(
      parseTwilioInbound({ From: '+15557654321', To: '+15550001111', Body: 'Thanks!', MessageSid: 'SM9' }),
    ).toEqual({
      providerMessageId: 'SM9',
      from: '+15557654321',
      to: '+15550001111',
      channel: 'sms',
      body: 'Thanks!',
      optKeyword: null,
    });
    expect(parseTwilioInbound({ From: 'whatsapp:+15557654321', Body: ' unsubscribe ' })).toMatchObject({
      from: '+15557654321',
      channel: 'whatsapp',
      optKeyword: 'stop',
    });
    expect(parseTwilioInbound({ From: '+15557654321', Body: 'arret', OptOutType: 'STOP' }).optKeyword).toBe(
      'stop',
    );
    expect(detectOptKeyword('Stop.')).toBe('stop');
    expect(detectOptKeyword('STOPALL')).toBe('stop');
    expect(detectOptKeyword('start')).toBe('start');
    expect(detectOptKeyword('please stop the car')).toBeNull();
    expect(detectOptKeyword('')).toBeNull();
  });

  it('parses Postmark Delivery, Bounce and SpamComplaint webhooks', async () => {
    const sent = await new PostmarkEmailProvider(
      buildPostmarkClient({ serverToken: POSTMARK_TOKEN, requestHost: fakePostmark.url }),
      {
        from: 'noreply@acme.test',
      },
    ).send(message({ channel: 'email', to: 'Client@Example.com', subject: 'Hi' }));
    const id = sent.providerMessageId;

    expect(parsePostmarkWebhook(fakePostmark.webhookPayload('delivery', id))).toMatchObject({
      kind: 'delivery',
      providerMessageId: id,
      email: 'client@example.com',
      hardBounce: false,
      suppress: false,
      deliveryId: 'del-1',
    });
    expect(parsePostmarkWebhook(fakePostmark.webhookPayload('soft_bounce', id))).toMatchObject({
      kind: 'bounce',
      hardBounce: false,
      suppress: false,
      bounceType: 'SoftBounce',
    });
    expect(parsePostmarkWebhook(fakePostmark.webhookPayload('bounce', id))).toMatchObject({
      kind: 'bounce',
      providerMessageId: id,
      email: 'client@example.com',
      hardBounce: true,
      suppress: true,
    });
    expect(parsePostmarkWebhook(fakePostmark.webhookPayload('spam_complaint', id))).toMatchObject({
      kind: 'spam_complaint',
      email: 'client@example.com',
      hardBounce: false,
      suppress: true,
    });
    // after a hard bounce the fake (like Postmark) refuses the address
    const again = await rejection(
      new PostmarkEmailProvider(
        buildPostmarkClient({ serverToken: POSTMARK_TOKEN, requestHost: fakePostmark.url }),
        { from: 'noreply@acme.test' },
      ).send(message({ channel: 'email', to: 'client@example.com', subject: 'Hi' })),
    );
    expect(again).toMatchObject({ code: 'inactive_recipient' });
  });

  it('handles other record types and garbage', () => {
    expect(parsePostmarkWebhook({ RecordType: 'Open', MessageID: 'm1', Recipient: 'a@b.c' })).toMatchObject({
      kind: 'other',
      providerMessageId: 'm1',
      suppress: false,
    });
    expect(
      parsePostmarkWebhook({
        RecordType: 'SubscriptionChange',
        MessageID: 'm2',
        Recipient: 'a@b.c',
        SuppressSending: true,
      }),
    ).toMatchObject({
      kind: 'other',
      suppress: true,
    });
    expect(parsePostmarkWebhook(null)).toMatchObject({
      kind: 'other',
      providerMessageId: null,
      email: null,
      hardBounce: false,
    });
    expect(parsePostmarkWebhook('nope')).toMatchObject({ kind: 'other' });
  });
});
