import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import twilio from 'twilio';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import {
  ADMIN_TOKEN,
  createApiHarness,
  newTenant,
  weekdayHours,
  type ApiHarness,
} from '../support/api-harness';

const TWILIO_TOKEN = 'twilio-test-auth-token';
const PUBLIC_BASE_URL = 'https://notify.example.com';
const POSTMARK = { user: 'postmark-hooks', password: 's3cret-pass' };
const OUR_NUMBER = '+15005550006';

let harness: ApiHarness;
let unconfigured: ApiHarness;
beforeAll(() => {
  harness = createApiHarness({
    webhooks: {
      twilioAuthToken: TWILIO_TOKEN,
      publicBaseUrl: PUBLIC_BASE_URL,
      postmarkUser: POSTMARK.user,
      postmarkPassword: POSTMARK.password,
    },
  });
  unconfigured = createApiHarness();
});
afterAll(async () => {
  await harness.close();
  await unconfigured.close();
});

type Tenant = Awaited<ReturnType<typeof newTenant>>;
type FeedEntry = Record<string, unknown> & { type: string };
type Diagnosis = { channel: string; canReceive: boolean; reasons: string[] };

const twilioSid = () => `SM${randomBytes(16).toString('hex')}`;

/** A client with every consent, one of their orders (inserted directly), and helpers to add deliveries. */
async function orderScenario(
  tenant: Tenant,
  client: { phone?: string; email?: string } = { phone: '+380501234567', email: 'olena@example.com' },
) {
  const { http, company } = tenant;
  const location = await http.post('/v1/locations', {
    name: 'Main street',
    timezone: 'Europe/Kyiv',
    workingHours: weekdayHours,
  });
  const status = await http.post('/v1/statuses', { entity: 'order', name: 'In repair' });
  const created = await http.post('/v1/clients', {
    name: 'Olena',
    ...client,
    consent: { sms: true, whatsapp: true, viber: true, email: true },
  });
  expect([location.status, status.status, created.status]).toEqual([201, 201, 201]);
  const { rows } = await harness.db.query<{ id: string }>(
    `INSERT INTO orders (company_id, number, client_id, location_id, status_id)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [company.id, `W-${randomBytes(3).toString('hex')}`, created.body.id, location.body.id, status.body.id],
  );
  const orderId = rows[0]!.id;
  const ruleId = randomUUID();

  /** A delivery the engine would have left after the provider accepted the message. */
  async function addDelivery(d: {
    provider: 'twilio' | 'postmark';
    providerMessageId: string;
    channel: 'sms' | 'whatsapp' | 'email';
    kind?: 'notification' | 'reminder';
  }) {
    const to = d.channel === 'email' ? created.body.email : created.body.phone;
    const inserted = await harness.db.query<{ id: string }>(
      `INSERT INTO deliveries (company_id, idempotency_key, kind, entity, entity_id, client_id, rule_id, channel,
         recipient, subject, body, status, provider, provider_message_id)
       VALUES ($1, $2, $3, 'order', $4, $5, $6, $7, $8, NULL, 'Your device is ready', 'sent', $9, $10)
       RETURNING id`,
      [
        company.id,
        `test:${randomUUID()}`,
        d.kind ?? 'notification',
        orderId,
        created.body.id,
        ruleId,
        d.channel,
        to,
        d.provider,
        d.providerMessageId,
      ],
    );
    return { id: inserted.rows[0]!.id, to: to as string };
  }

  const delivery = async (id: string) => {
    const res = await http.get(`/v1/deliveries?orderId=${orderId}`);
    return (res.body.items as { id: string; status: string; errorCode: string | null }[]).find(
      (d) => d.id === id,
    )!;
  };
  const feed = async (): Promise<FeedEntry[]> => (await http.get(`/v1/orders/${orderId}/feed`)).body.entries;
  const diagnostics = async () => {
    const res = await http.get(`/v1/clients/${created.body.id}/diagnostics`);
    return Object.fromEntries((res.body.channels as Diagnosis[]).map((c) => [c.channel, c]));
  };
  return { clientId: created.body.id as string, orderId, ruleId, addDelivery, delivery, feed, diagnostics };
}

/** POSTs form params to a Twilio webhook, signed as Twilio signs them for our public URL. */
function twilioPost(
  path: string,
  params: Record<string, string>,
  options: { token?: string; app?: ApiHarness['app']; signature?: string } = {},
) {
  const signature =
    options.signature ??
    twilio.getExpectedTwilioSignature(options.token ?? TWILIO_TOKEN, PUBLIC_BASE_URL + path, params);
  return request(options.app ?? harness.app)
    .post(path)
    .type('form')
    .set('X-Twilio-Signature', signature)
    .send(params);
}

const statusParams = (sid: string, status: string, extra: Record<string, string> = {}) => ({
  AccountSid: `AC${randomBytes(16).toString('hex')}`,
  ApiVersion: '2010-04-01',
  From: OUR_NUMBER,
  To: '+380501234567',
  MessageSid: sid,
  SmsSid: sid,
  MessageStatus: status,
  SmsStatus: status,
  ...extra,
});

const inboundParams = (
  from: string,
  body: string,
  channel: 'sms' | 'whatsapp' = 'sms',
  to: string = OUR_NUMBER,
) => {
  const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
  const sid = twilioSid();
  return {
    AccountSid: `AC${randomBytes(16).toString('hex')}`,
    ApiVersion: '2010-04-01',
    Body: body,
    From: prefix + from,
    To: prefix + to,
    MessageSid: sid,
    SmsMessageSid: sid,
    NumMedia: '0',
  };
};

const randomPhone = (prefix = '+38050') => `${prefix}${Math.floor(1000000 + Math.random() * 8999999)}`;

/** The operator assigns the company a number of its own, and the company sends from it. */
async function sendFromOwnNumber(tenant: Tenant, number: string) {
  const assigned = await request(harness.app)
    .put(`/admin/companies/${tenant.company.id}/senders`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ sms: [number] });
  const chosen = await tenant.http.patch('/v1/settings', { smsSenderId: number });
  expect([assigned.status, chosen.status]).toEqual([200, 200]);
}

function postmarkPost(
  payload: Record<string, unknown>,
  auth: { user: string; password: string } | null = POSTMARK,
) {
  const req = request(harness.app).post('/webhooks/postmark').set('User-Agent', 'Postmark');
  if (auth) req.auth(auth.user, auth.password);
  return req.send(payload);
}

const postmarkDelivery = (messageId: string, email: string) => ({
  RecordType: 'Delivery',
  MessageID: messageId,
  ServerID: 23,
  MessageStream: 'outbound',
  Recipient: email,
  DeliveredAt: new Date().toISOString(),
  Details: 'Test delivery webhook details',
  Tag: '',
  Metadata: {},
});

const postmarkBounce = (
  messageId: string,
  email: string,
  type: 'HardBounce' | 'SoftBounce' | 'SpamComplaint' = 'HardBounce',
) => ({
  RecordType: type === 'SpamComplaint' ? 'SpamComplaint' : 'Bounce',
  ID: 4323372036,
  Type: type,
  TypeCode: { HardBounce: 1, SoftBounce: 4096, SpamComplaint: 100001 }[type],
  MessageID: messageId,
  ServerID: 23,
  MessageStream: 'outbound',
  Email: email,
  From: 'shop@example.com',
  BouncedAt: new Date().toISOString(),
  Details: 'Test bounce details',
  Inactive: type !== 'SoftBounce',
  CanActivate: true,
  Subject: 'Your device is ready',
  Metadata: {},
});

describe('POST /webhooks/twilio/status', () => {
  it('when Twilio reports delivered, then the delivery is delivered and the feed says so once', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const sid = twilioSid();
    const d = await s.addDelivery({ provider: 'twilio', providerMessageId: sid, channel: 'sms' });

    // Act
    const first = await twilioPost('/webhooks/twilio/status', statusParams(sid, 'delivered'));
    const repeat = await twilioPost('/webhooks/twilio/status', statusParams(sid, 'delivered'));

    // Assert
    expect(first.status).toBe(200);
    expect(repeat.status).toBe(200);
    expect((await s.delivery(d.id)).status).toBe('delivered');
    const delivered = (await s.feed()).filter((e) => e.type === 'notification.delivered');
    expect(delivered).toEqual([
      expect.objectContaining({
        type: 'notification.delivered',
        deliveryId: d.id,
        ruleId: s.ruleId,
        channel: 'sms',
        to: '+380501234567',
        reason: null,
      }),
    ]);
  });

  it('when a reminder fails with a permanent error code, then it is failed with provider_rejected', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const sid = twilioSid();
    const d = await s.addDelivery({
      provider: 'twilio',
      providerMessageId: sid,
      channel: 'sms',
      kind: 'reminder',
    });

    // Act
    const res = await twilioPost(
      '/webhooks/twilio/status',
      statusParams(sid, 'undelivered', { ErrorCode: '30003' }),
    );

    // Assert
    expect(res.status).toBe(200);
    const row = await s.delivery(d.id);
    expect(row).toMatchObject({ status: 'failed', errorCode: '30003' });
    expect((await s.feed()).filter((e) => e.type === 'reminder.failed')).toEqual([
      expect.objectContaining({ deliveryId: d.id, reason: 'provider_rejected', channel: 'sms' }),
    ]);
  });

  it('when a message fails with a transient or unknown error code, then the reason is provider_error', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const sid = twilioSid();
    const d = await s.addDelivery({ provider: 'twilio', providerMessageId: sid, channel: 'sms' });

    // Act
    await twilioPost('/webhooks/twilio/status', statusParams(sid, 'failed', { ErrorCode: '30001' }));
    // A late, contradicting callback changes nothing: the first final status wins.
    await twilioPost('/webhooks/twilio/status', statusParams(sid, 'delivered'));

    // Assert
    expect((await s.delivery(d.id)).status).toBe('failed');
    const entries = (await s.feed()).filter((e) => e.type.startsWith('notification.'));
    expect(entries).toEqual([
      expect.objectContaining({ type: 'notification.failed', reason: 'provider_error' }),
    ]);
  });

  it('when an intermediate status arrives, then nothing changes', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const sid = twilioSid();
    const d = await s.addDelivery({ provider: 'twilio', providerMessageId: sid, channel: 'sms' });

    // Act
    const res = await twilioPost('/webhooks/twilio/status', statusParams(sid, 'sent'));

    // Assert
    expect(res.status).toBe(200);
    expect((await s.delivery(d.id)).status).toBe('sent');
    expect(await s.feed()).toEqual([]);
  });

  it('when the signature is wrong, then 403 and nothing changes', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const sid = twilioSid();
    const d = await s.addDelivery({ provider: 'twilio', providerMessageId: sid, channel: 'sms' });

    // Act
    const wrongToken = await twilioPost('/webhooks/twilio/status', statusParams(sid, 'delivered'), {
      token: 'someone-elses-token',
    });
    const missing = await request(harness.app)
      .post('/webhooks/twilio/status')
      .type('form')
      .send(statusParams(sid, 'delivered'));

    // Assert
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.body.error.code).toBe('invalid_signature');
    expect(missing.status).toBe(403);
    expect((await s.delivery(d.id)).status).toBe('sent');
    expect(await s.feed()).toEqual([]);
  });

  it('when the params were tampered with after signing, then 403', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const sid = twilioSid();
    const d = await s.addDelivery({ provider: 'twilio', providerMessageId: sid, channel: 'sms' });
    const signature = twilio.getExpectedTwilioSignature(
      TWILIO_TOKEN,
      `${PUBLIC_BASE_URL}/webhooks/twilio/status`,
      statusParams(sid, 'failed'),
    );

    // Act
    const res = await twilioPost('/webhooks/twilio/status', statusParams(sid, 'delivered'), { signature });

    // Assert
    expect(res.status).toBe(403);
    expect((await s.delivery(d.id)).status).toBe('sent');
  });

  it('when the MessageSid is unknown, then 200 and nothing happens', async () => {
    // Act
    const res = await twilioPost('/webhooks/twilio/status', statusParams(twilioSid(), 'delivered'));

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('unknown');
  });

  it('when no Twilio auth token is configured, then the webhooks answer 404', async () => {
    // Act
    const status = await twilioPost('/webhooks/twilio/status', statusParams(twilioSid(), 'delivered'), {
      app: unconfigured.app,
    });
    const inbound = await twilioPost('/webhooks/twilio/inbound', inboundParams('+380501234567', 'STOP'), {
      app: unconfigured.app,
    });

    // Assert
    expect(status.status).toBe(404);
    expect(status.body.error.code).toBe('webhooks_not_configured');
    expect(inbound.status).toBe(404);
  });
});

describe('POST /webhooks/twilio/inbound', () => {
  it('when a client texts STOP to the shared number, then sms consent is revoked in every company on it, recorded and diagnosed', async () => {
    // Arrange
    const phone = `+38050${Math.floor(1000000 + Math.random() * 8999999)}`;
    const first = await newTenant(harness);
    const second = await newTenant(harness, 'Other shop');
    const a = await orderScenario(first, { phone });
    const b = await orderScenario(second, { phone });

    // Act
    const res = await twilioPost('/webhooks/twilio/inbound', inboundParams(phone, ' Stop! '));

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toMatch(/<Response\/>$/);
    for (const [tenant, s] of [
      [first, a],
      [second, b],
    ] as const) {
      const client = await tenant.http.get(`/v1/clients/${s.clientId}`);
      expect(client.body.consent).toEqual({ sms: false, whatsapp: true, viber: true, email: true });
      const history = await tenant.http.get(`/v1/clients/${s.clientId}/consent-history`);
      expect(history.body.items.at(-1)).toEqual({
        channel: 'sms',
        granted: false,
        source: 'inbound_stop',
        at: expect.any(String),
      });
      const diagnosis = await s.diagnostics();
      expect(diagnosis.sms).toMatchObject({ canReceive: false, reasons: ['no_consent'] });
      expect(diagnosis.whatsapp).toMatchObject({ canReceive: true, reasons: [] });
    }
  });

  it('when a STOP is sent to a number one company sends from, then only that company revokes consent', async () => {
    // Arrange: the same client phone in a company with its own number, and one on the shared number
    const phone = randomPhone();
    const ownNumber = randomPhone('+44770');
    const own = await newTenant(harness, 'Own number');
    const shared = await newTenant(harness, 'Shared number');
    const a = await orderScenario(own, { phone });
    const b = await orderScenario(shared, { phone });
    await sendFromOwnNumber(own, ownNumber);

    // Act
    const res = await twilioPost('/webhooks/twilio/inbound', inboundParams(phone, 'STOP', 'sms', ownNumber));

    // Assert
    expect(res.status).toBe(200);
    expect((await own.http.get(`/v1/clients/${a.clientId}`)).body.consent.sms).toBe(false);
    expect((await shared.http.get(`/v1/clients/${b.clientId}`)).body.consent.sms).toBe(true);
  });

  it("when a STOP is sent to the platform's shared number, then companies with a number of their own keep consent", async () => {
    // Arrange
    const phone = randomPhone();
    const own = await newTenant(harness, 'Own number');
    const shared = await newTenant(harness, 'Shared number');
    const a = await orderScenario(own, { phone });
    const b = await orderScenario(shared, { phone });
    await sendFromOwnNumber(own, randomPhone('+44770'));

    // Act
    await twilioPost('/webhooks/twilio/inbound', inboundParams(phone, 'STOP'));

    // Assert
    expect((await own.http.get(`/v1/clients/${a.clientId}`)).body.consent.sms).toBe(true);
    expect((await shared.http.get(`/v1/clients/${b.clientId}`)).body.consent.sms).toBe(false);
  });

  it('when the same signed STOP is delivered again after consent was granted back, then nothing changes', async () => {
    // Arrange
    const phone = randomPhone();
    const tenant = await newTenant(harness);
    const s = await orderScenario(tenant, { phone });
    const stop = inboundParams(phone, 'STOP');
    await twilioPost('/webhooks/twilio/inbound', stop);
    await tenant.http.patch(`/v1/clients/${s.clientId}`, { consent: { sms: true } });

    // Act
    const replayed = await Promise.all([
      twilioPost('/webhooks/twilio/inbound', stop),
      twilioPost('/webhooks/twilio/inbound', stop),
    ]);

    // Assert
    expect(replayed.map((r) => r.status)).toEqual([200, 200]);
    expect((await tenant.http.get(`/v1/clients/${s.clientId}`)).body.consent.sms).toBe(true);
    const history = await tenant.http.get(`/v1/clients/${s.clientId}/consent-history`);
    expect(
      history.body.items
        .filter((i: { channel: string }) => i.channel === 'sms')
        .map((i: { source: string }) => i.source),
    ).toEqual(['request', 'inbound_stop', 'manual']);
  });

  it('when a client sends START or an ordinary message, then consent is not changed', async () => {
    // Arrange
    const phone = `+38050${Math.floor(1000000 + Math.random() * 8999999)}`;
    const tenant = await newTenant(harness);
    const s = await orderScenario(tenant, { phone });
    await twilioPost('/webhooks/twilio/inbound', inboundParams(phone, 'STOP'));

    // Act
    const start = await twilioPost('/webhooks/twilio/inbound', inboundParams(phone, 'START'));
    const chat = await twilioPost(
      '/webhooks/twilio/inbound',
      inboundParams(phone, 'stop sending me the old ones'),
    );

    // Assert
    expect([start.status, chat.status]).toEqual([200, 200]);
    const client = await tenant.http.get(`/v1/clients/${s.clientId}`);
    expect(client.body.consent.sms).toBe(false);
    const history = await tenant.http.get(`/v1/clients/${s.clientId}/consent-history`);
    expect(history.body.items.filter((i: { source: string }) => i.source === 'inbound_stop')).toHaveLength(1);
  });

  it('when the signature is wrong, then 403 and consent stays', async () => {
    // Arrange
    const phone = `+38050${Math.floor(1000000 + Math.random() * 8999999)}`;
    const tenant = await newTenant(harness);
    const s = await orderScenario(tenant, { phone });

    // Act
    const res = await twilioPost('/webhooks/twilio/inbound', inboundParams(phone, 'STOP'), {
      token: 'wrong',
    });

    // Assert
    expect(res.status).toBe(403);
    expect((await tenant.http.get(`/v1/clients/${s.clientId}`)).body.consent.sms).toBe(true);
  });

  describe('signed by the fake Twilio, to the URL it was given', () => {
    let fake: FakeTwilio;
    let server: ReturnType<ApiHarness['app']['listen']>;
    let url: string;
    let local: ApiHarness;
    beforeAll(async () => {
      fake = await startFakeTwilio({ authToken: TWILIO_TOKEN });
      // No PUBLIC_BASE_URL: the request's own scheme and host are what Twilio signed.
      local = createApiHarness({ webhooks: { twilioAuthToken: TWILIO_TOKEN } });
      server = local.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await local.close();
    });

    it('when a WhatsApp user sends STOP, then only whatsapp consent is revoked', async () => {
      // Arrange
      const phone = `+38050${Math.floor(1000000 + Math.random() * 8999999)}`;
      const tenant = await newTenant(harness);
      const s = await orderScenario(tenant, { phone });

      // Act
      const res = await fake.sendInbound(`${url}/webhooks/twilio/inbound`, {
        from: phone,
        to: OUR_NUMBER,
        body: 'STOP',
        channel: 'whatsapp',
      });

      // Assert
      expect(res.status).toBe(200);
      expect(res.body).toContain('<Response/>');
      const client = await tenant.http.get(`/v1/clients/${s.clientId}`);
      expect(client.body.consent).toMatchObject({ sms: true, whatsapp: false });
      expect((await s.diagnostics()).whatsapp).toMatchObject({ canReceive: false, reasons: ['no_consent'] });
    });
  });
});

describe('POST /webhooks/postmark', () => {
  it('when Postmark reports a delivery, then the delivery is delivered and the feed says so once', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const messageId = randomUUID();
    const d = await s.addDelivery({ provider: 'postmark', providerMessageId: messageId, channel: 'email' });

    // Act
    const res = await postmarkPost(postmarkDelivery(messageId, d.to));
    await postmarkPost(postmarkDelivery(messageId, d.to));

    // Assert
    expect(res.status).toBe(200);
    expect((await s.delivery(d.id)).status).toBe('delivered');
    expect((await s.feed()).filter((e) => e.type === 'notification.delivered')).toEqual([
      expect.objectContaining({
        deliveryId: d.id,
        channel: 'email',
        to: 'olena@example.com',
        ruleId: s.ruleId,
      }),
    ]);
  });

  it('when an email hard-bounces, then the address is suppressed and the delivery failed', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const messageId = randomUUID();
    const d = await s.addDelivery({ provider: 'postmark', providerMessageId: messageId, channel: 'email' });

    // Act
    const res = await postmarkPost(postmarkBounce(messageId, 'Olena@Example.com'));

    // Assert
    expect(res.status).toBe(200);
    expect((await s.delivery(d.id)).status).toBe('failed');
    expect((await s.feed()).filter((e) => e.type === 'notification.failed')).toEqual([
      expect.objectContaining({ deliveryId: d.id, reason: 'provider_rejected', channel: 'email' }),
    ]);
    const diagnosis = await s.diagnostics();
    expect(diagnosis.email).toMatchObject({ canReceive: false, reasons: ['suppressed'] });
    expect(diagnosis.sms).toMatchObject({ canReceive: true });
    const { rows } = await harness.db.query('SELECT address, reason FROM suppressions WHERE address = $1', [
      'olena@example.com',
    ]);
    expect(rows).toContainEqual({ address: 'olena@example.com', reason: 'hard_bounce' });
  });

  it('when a hard bounce follows a delivery event, then the delivery ends failed', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const messageId = randomUUID();
    const d = await s.addDelivery({ provider: 'postmark', providerMessageId: messageId, channel: 'email' });
    await postmarkPost(postmarkDelivery(messageId, d.to));

    // Act
    await postmarkPost(postmarkBounce(messageId, d.to));

    // Assert
    expect((await s.delivery(d.id)).status).toBe('failed');
    expect((await s.feed()).map((e) => e.type)).toEqual(['notification.delivered', 'notification.failed']);
  });

  it('when an email soft-bounces, then nothing changes', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const messageId = randomUUID();
    const d = await s.addDelivery({ provider: 'postmark', providerMessageId: messageId, channel: 'email' });

    // Act
    const res = await postmarkPost(postmarkBounce(messageId, d.to, 'SoftBounce'));

    // Assert
    expect(res.status).toBe(200);
    expect((await s.delivery(d.id)).status).toBe('sent');
    expect(await s.feed()).toEqual([]);
    expect((await s.diagnostics()).email).toMatchObject({ canReceive: true });
  });

  it('when a spam complaint names no known message, then the address is suppressed where a client has it', async () => {
    // Arrange
    const email = `spam-${randomBytes(4).toString('hex')}@example.com`;
    const s = await orderScenario(await newTenant(harness), { email });

    // Act
    const res = await postmarkPost(postmarkBounce(randomUUID(), email, 'SpamComplaint'));

    // Assert
    expect(res.status).toBe(200);
    expect((await s.diagnostics()).email).toMatchObject({ canReceive: false, reasons: ['suppressed'] });
    const { rows } = await harness.db.query('SELECT reason FROM suppressions WHERE address = $1', [email]);
    expect(rows).toEqual([{ reason: 'spam_complaint' }]);
  });

  it('when a bounce carries NUL characters in its address and metadata, then it is taken without them, not a 500', async () => {
    // Arrange
    const email = `nul-${randomBytes(4).toString('hex')}@example.com`;
    const s = await orderScenario(await newTenant(harness), { email });
    const payload = { ...postmarkBounce(randomUUID(), email), Metadata: { note: 'a\u0000b' } };

    // Act
    const res = await postmarkPost({ ...payload, Email: `${email}\u0000` });

    // Assert
    expect(res.status).toBe(200);
    expect((await s.diagnostics()).email).toMatchObject({ canReceive: false, reasons: ['suppressed'] });
  });

  it('when the same bounce is delivered again after the suppression was lifted, then it is not suppressed again', async () => {
    // Arrange
    const email = `replay-${randomBytes(4).toString('hex')}@example.com`;
    const tenant = await newTenant(harness);
    const s = await orderScenario(tenant, { phone: randomPhone(), email });
    const bounce = postmarkBounce(randomUUID(), email, 'SpamComplaint');
    await postmarkPost(bounce);
    await harness.db.query('DELETE FROM suppressions WHERE company_id = $1', [tenant.company.id]);

    // Act
    const res = await postmarkPost(bounce);

    // Assert
    expect(res.status).toBe(200);
    expect((await s.diagnostics()).email).toMatchObject({ canReceive: true });
  });

  it('when the credentials are wrong or missing, then 401 and nothing changes', async () => {
    // Arrange
    const s = await orderScenario(await newTenant(harness));
    const messageId = randomUUID();
    const d = await s.addDelivery({ provider: 'postmark', providerMessageId: messageId, channel: 'email' });

    // Act
    const wrong = await postmarkPost(postmarkBounce(messageId, d.to), {
      user: POSTMARK.user,
      password: 'guess',
    });
    const missing = await postmarkPost(postmarkBounce(messageId, d.to), null);

    // Assert
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
    expect(missing.status).toBe(401);
    expect((await s.delivery(d.id)).status).toBe('sent');
    expect((await s.diagnostics()).email).toMatchObject({ canReceive: true });
  });

  it('when Postmark credentials are not configured, then 404', async () => {
    // Act
    const res = await request(unconfigured.app)
      .post('/webhooks/postmark')
      .auth(POSTMARK.user, POSTMARK.password)
      .send(postmarkDelivery(randomUUID(), 'a@example.com'));

    // Assert
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('webhooks_not_configured');
  });
});
