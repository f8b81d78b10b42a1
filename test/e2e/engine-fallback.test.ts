/**
 * Channel fallback (SPEC 9) on the time-skipping server with the real activities: SMS goes through the
 * real Twilio SDK to a local fake Twilio (status callbacks to our public URL, so delivery can be
 * reported), the fallback channel (email) to the dev outbox.
 */
import '../fakes/jest-esm-shims'; // first: the provider factory loads @vonage/*
import request from 'supertest';
import twilio from 'twilio';
import { buildTwilioClient } from '../../src/providers/factory';
import { TwilioSmsProvider } from '../../src/providers/twilio-sms';
import { workflowIdFor } from '../../src/workflows/definitions';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { blockExternalNetwork } from '../fakes/no-internet';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop, type EngineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import { ok } from '../support/tenant-http';
import { scheduledActivities } from '../support/workflow-history';

const TWILIO = { accountSid: 'AC00000000000000000000000000000000', authToken: 'twilio-token' };
const PUBLIC_BASE_URL = 'https://notify.example.com';
const REJECTED_PHONE = '+380501234999';
const toEmail = { channel: 'email', after: { value: 15, unit: 'minutes' } } as const;

let restoreNetwork: () => void;
let twilioFake: FakeTwilio;
beforeAll(async () => {
  restoreNetwork = blockExternalNetwork();
  twilioFake = await startFakeTwilio({
    authToken: TWILIO.authToken,
    rejections: { [REJECTED_PHONE]: { code: 21211, message: 'Invalid To phone number' } },
  });
});

// Between the fake's hooks, so the stack starts after it and closes before it.
const stack = useSharedE2EStack({
  timeSkipping: true,
  providers: () => ({
    sms: new TwilioSmsProvider(buildTwilioClient({ ...TWILIO, baseUrl: twilioFake.url }), {
      from: '+15550001111',
    }),
  }),
  engine: { publicBaseUrl: PUBLIC_BASE_URL },
  webhooks: { twilioAuthToken: TWILIO.authToken, publicBaseUrl: PUBLIC_BASE_URL },
});

afterAll(async () => {
  await twilioFake?.close();
  restoreNetwork?.();
});

/** A shop whose order.created rule texts the client and falls back to email. */
async function shopWithFallback(client: { phone?: string; sms?: boolean; email?: boolean } = {}) {
  const shop = await engineShop(stack());
  const rule = await shop.rule({ trigger: { type: 'order.created' }, channel: 'sms', fallback: toEmail });
  const patched = await ok(
    shop.http.patch(`/v1/clients/${shop.client.id}`, {
      ...(client.phone ? { phone: client.phone } : {}),
      consent: { sms: client.sms ?? true, email: client.email ?? true },
    }),
  );
  return { shop, rule, phone: patched.phone as string };
}

/** The fake Twilio reports the message to our status webhook, signed as Twilio signs it. */
async function reportDelivered(sid: string) {
  const message = twilioFake.messages.find((m) => m.sid === sid)!;
  const url = new URL(message.statusCallback!);
  const params = {
    AccountSid: TWILIO.accountSid,
    ApiVersion: '2010-04-01',
    From: message.from ?? '',
    To: message.to,
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: 'delivered',
    SmsStatus: 'delivered',
  };
  const signature = twilio.getExpectedTwilioSignature(TWILIO.authToken, url.toString(), params);
  const res = await request(stack().app)
    .post(url.pathname + url.search)
    .type('form')
    .set('X-Twilio-Signature', signature)
    .send(params);
  expect(res.status).toBe(200);
}

const handleOf = (shop: EngineShop, orderId: string) =>
  stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', orderId));

describe('channel fallback (time-skipping server, real activities)', () => {
  test('when the client has no SMS consent, then the SMS is skipped and the same message goes by email at once, with fallbackOf null', async () => {
    // Arrange
    const { shop, rule } = await shopWithFallback({ sms: false });

    // Act
    const order = await shop.createOrder({ number: 'FB-1' });
    const feed = await shop.waitForOrderFeed(order.id, 'notification.skipped', 'notification.sent');

    // Assert
    expect(types(feed)).toEqual(['order.created', 'notification.skipped', 'notification.sent']);
    expect(ofType(feed, 'notification.skipped')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'sms', reason: 'no_consent' }),
    ]);
    expect(ofType(feed, 'notification.skipped')[0]).not.toHaveProperty('fallbackOf');
    expect(ofType(feed, 'notification.sent')).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        channel: 'email',
        to: 'olena@example.com',
        fallbackOf: null,
      }),
    ]);
    const outbox = await shop.orderOutbox(order.id);
    expect(outbox.map((m) => [m.channel, m.body])).toEqual([
      ['email', 'Hi Olena, order FB-1 is Received at Main Street.'],
    ]);
    expect(twilioFake.messages.filter((m) => m.body.includes('FB-1'))).toEqual([]);
    await recordHistory(handleOf(shop, order.id), 'order-fallback-after-skip');
  });

  test('when the provider rejects the SMS, then the same message goes by email at once, naming the failed delivery', async () => {
    // Arrange
    const { shop } = await shopWithFallback({ phone: REJECTED_PHONE });

    // Act
    const order = await shop.createOrder({ number: 'FB-2' });
    const feed = await shop.waitForOrderFeed(order.id, 'notification.failed', 'notification.sent');

    // Assert
    const failed = ofType(feed, 'notification.failed');
    expect(failed).toEqual([expect.objectContaining({ channel: 'sms', reason: 'provider_rejected' })]);
    expect(ofType(feed, 'notification.sent')).toEqual([
      expect.objectContaining({ channel: 'email', fallbackOf: failed[0]!.deliveryId }),
    ]);
    const deliveries = await shop.orderDeliveries(order.id);
    expect(deliveries.map((d) => [d.status, d.id === failed[0]!.deliveryId])).toEqual([
      ['failed', true],
      ['sent', false],
    ]);
  });

  test('when the SMS is not reported delivered within `after`, then the email goes once after it, and not before', async () => {
    // Arrange
    const { shop } = await shopWithFallback();
    const order = await shop.createOrder({ number: 'FB-3' });
    const first = await shop.waitForOrderFeed(order.id, 'notification.sent');
    const smsSent = ofType(first, 'notification.sent')[0]!;

    // Act
    await stack().env.sleep('14 minutes');
    const before = await shop.orderOutbox(order.id);
    await stack().env.sleep('2 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent', 'notification.sent');

    // Assert
    expect(before).toEqual([]);
    expect(ofType(feed, 'notification.sent').map((e) => [e.channel, e.fallbackOf])).toEqual([
      ['sms', undefined],
      ['email', smsSent.deliveryId],
    ]);
    expect((await shop.orderOutbox(order.id)).map((m) => m.channel)).toEqual(['email']);
    await stack().env.sleep('1 day');
    expect(ofType(await shop.orderFeed(order.id), 'notification.sent')).toHaveLength(2);
    await recordHistory(handleOf(shop, order.id), 'order-fallback-not-delivered');
  });

  test('when the SMS is reported delivered within `after`, then nothing falls back', async () => {
    // Arrange
    const { shop } = await shopWithFallback();
    const order = await shop.createOrder({ number: 'FB-4' });
    await shop.waitForOrderFeed(order.id, 'notification.sent');
    const sid = twilioFake.messages.find((m) => m.body.includes('FB-4'))!.sid;

    // Act
    await reportDelivered(sid);
    await shop.waitForOrderFeed(order.id, 'notification.delivered');
    await stack().env.sleep('16 minutes');
    const handle = handleOf(shop, order.id);
    // The fallback's timer fired and its send found the SMS delivered: nothing is pending any more.
    await eventually(async () => ((await shop.getOrder(order.id)).pending.length === 0 ? true : undefined));

    // Assert
    expect(await scheduledActivities(handle, 'sendMessage')).toHaveLength(2);
    expect(types(await shop.orderFeed(order.id))).toEqual([
      'order.created',
      'notification.sent',
      'notification.delivered',
    ]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
    await recordHistory(handle, 'order-fallback-delivered-in-time');
  });

  test('when the client can receive neither channel, then the fallback is skipped too and nothing more is tried', async () => {
    // Arrange
    const { shop } = await shopWithFallback({ sms: false, email: false });

    // Act
    const order = await shop.createOrder({ number: 'FB-5' });
    const feed = await shop.waitForOrderFeed(order.id, 'notification.skipped', 'notification.skipped');

    // Assert
    expect(ofType(feed, 'notification.skipped').map((e) => [e.channel, e.reason, e.fallbackOf])).toEqual([
      ['sms', 'no_consent', undefined],
      ['email', 'no_consent', null],
    ]);
    await eventually(async () => ((await shop.getOrder(order.id)).pending.length === 0 ? true : undefined));
    expect(await scheduledActivities(handleOf(shop, order.id), 'sendMessage')).toHaveLength(2);
  });
});
