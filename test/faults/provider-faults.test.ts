/**
 * SPEC §6 "at most once per delivery key, and never silently dropped", proved against the REAL Twilio,
 * Postmark and Vonage SDKs aimed at local fake servers that misbehave the way real providers do. Every
 * test counts what reached the fake provider and reads what a manager sees (feed, deliveries).
 */
import '../fakes/jest-esm-shims'; // first: lets Jest load @vonage/* (see the file)
import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import { buildProviders } from '../../src/providers/factory';
import { startFakePostmark, type FakePostmark } from '../fakes/fake-postmark';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { startFakeVonage, type FakeVonage } from '../fakes/fake-vonage';
import { blockExternalNetwork } from '../fakes/no-internet';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { ofType, type FeedEntry } from '../support/feed';
import { shopScenario } from '../support/scenario';

/** The providers give up after this long; a fake that answers later has accepted a message we never heard of. */
const PROVIDER_TIMEOUT_MS = 1_500;

// Each test waits for reconciliation rounds of real time; on a busy machine that takes a while.
jest.setTimeout(180_000);
const LATE_ANSWER_MS = 3_000;

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let restoreNetwork: () => void;
let twilioFake: FakeTwilio;
let postmarkFake: FakePostmark;
let vonageFake: FakeVonage;

beforeAll(async () => {
  restoreNetwork = blockExternalNetwork();
  [twilioFake, postmarkFake, vonageFake] = await Promise.all([
    startFakeTwilio({ authToken: 'twilio-token' }),
    startFakePostmark({ serverToken: 'postmark-token' }),
    startFakeVonage({ publicKey: keys.publicKey, applicationId: 'vonage-app' }),
  ]);
});

const stack = useSharedE2EStack({
  engine: { providerTimeoutMs: PROVIDER_TIMEOUT_MS, reconcileSettleMs: 1_000 },
  providers: (outbox) =>
    buildProviders(
      {
        twilio: {
          accountSid: 'AC00000000000000000000000000000000',
          authToken: 'twilio-token',
          smsFrom: '+15550001111',
          baseUrl: twilioFake.url,
          timeoutMs: PROVIDER_TIMEOUT_MS,
        },
        postmark: {
          serverToken: 'postmark-token',
          from: 'shop@example.com',
          requestHost: postmarkFake.url,
          timeoutMs: PROVIDER_TIMEOUT_MS,
        },
        vonage: {
          applicationId: 'vonage-app',
          privateKey: keys.privateKey,
          viberFrom: 'FixitShop',
          apiHost: vonageFake.url,
          timeoutMs: PROVIDER_TIMEOUT_MS,
        },
      },
      outbox,
    ),
});

afterEach(() => {
  twilioFake.reset();
  postmarkFake.reset();
  vonageFake.reset();
});

afterAll(async () => {
  await Promise.all([twilioFake?.close(), postmarkFake?.close(), vonageFake?.close()]);
  restoreNetwork?.();
});

type Shop = Awaited<ReturnType<typeof shopScenario>>;

/** Waits until the order's send has ended (sent, failed or skipped) and returns the feed. */
async function feedWhenSettled(shop: Shop, orderId: string): Promise<FeedEntry[]> {
  return eventually(async () => {
    const { entries } = await shop.ok(shop.http.get(`/v1/orders/${orderId}/feed`));
    const ended = (entries as FeedEntry[]).some((e) => /^notification\.(sent|failed|skipped)$/.test(e.type));
    return ended ? (entries as FeedEntry[]) : undefined;
  }, 60_000);
}

async function deliveriesOf(shop: Shop, orderId: string) {
  return (await shop.ok(shop.http.get(`/v1/deliveries?orderId=${orderId}`))).items;
}

const sendsTo = (fake: { requests: { method: string; path: string }[] }, path: RegExp) =>
  fake.requests.filter((r) => r.method === 'POST' && path.test(r.path));

describe('a provider whose answer is lost or late', () => {
  test('when Twilio accepts the SMS but answers after the timeout, then the client gets one SMS and the feed one notification.sent', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    twilioFake.answerLateNext(LATE_ANSWER_MS);

    // Act
    const order = await shop.createOrder({ number: 'F-1' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    const messages = twilioFake.messages.filter((m) => m.body.includes('order F-1'));
    expect(messages).toHaveLength(1);
    expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
    expect(ofType(feed, 'notification.failed')).toEqual([]);
    expect(await deliveriesOf(shop, order.id)).toEqual([
      expect.objectContaining({ status: 'sent', provider: 'twilio', providerMessageId: messages[0]!.sid }),
    ]);
  });

  test('when Twilio answers 500 three times and then 201, then the client gets one SMS', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    twilioFake.failNext(500, undefined, 3);

    // Act
    const order = await shop.createOrder({ number: 'F-2' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert: each 500 was followed by a look-up that found nothing, so sending again was safe.
    expect(twilioFake.messages.filter((m) => m.body.includes('order F-2'))).toHaveLength(1);
    expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(4);
    expect(twilioFake.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
  });

  test('when Twilio answers 429 with Retry-After, then the SMS goes out once and nothing is reported failed', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    twilioFake.failNext(429, undefined, 1, { 'Retry-After': '1' });

    // Act
    const order = await shop.createOrder({ number: 'F-3' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert: a 429 proves nothing was accepted, so no look-up is needed before the retry.
    expect(twilioFake.messages.filter((m) => m.body.includes('order F-3'))).toHaveLength(1);
    expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(2);
    expect(twilioFake.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    expect(ofType(feed, 'notification.failed')).toEqual([]);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
  });

  test('when Twilio rejects the number for good, then it is called once and the feed says provider_rejected', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { phone: '+15005550001' }));
    await shop.orderCreatedRule('sms');

    // Act
    const order = await shop.createOrder({ number: 'F-4' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(1);
    expect(ofType(feed, 'notification.failed')).toEqual([
      expect.objectContaining({ reason: 'provider_rejected', to: '+15005550001' }),
    ]);
  });

  test('when the send times out and Twilio cannot say whether it has the message, then it is not resent and the feed says outcome unknown', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    twilioFake.answerLateNext(LATE_ANSWER_MS);
    twilioFake.failLookups = true;

    // Act
    const order = await shop.createOrder({ number: 'F-5' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(1);
    expect(ofType(feed, 'notification.failed')).toEqual([
      expect.objectContaining({ reason: 'provider_error', outcome: 'unknown' }),
    ]);
    expect(ofType(feed, 'notification.sent')).toEqual([]);
    expect(await deliveriesOf(shop, order.id)).toEqual([expect.objectContaining({ status: 'failed' })]);
  });

  test('when Postmark accepts the email but answers after the timeout, then the client gets one email, found by its deliveryId metadata', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('email');
    postmarkFake.answerLateNext(LATE_ANSWER_MS);

    // Act
    const order = await shop.createOrder({ number: 'F-6' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    const emails = postmarkFake.emails.filter((e) => e.textBody?.includes('order F-6'));
    expect(emails).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
    const [delivery] = await deliveriesOf(shop, order.id);
    expect(delivery).toMatchObject({ status: 'sent', providerMessageId: emails[0]!.messageId });
    expect(postmarkFake.requests.some((r) => r.query.metadata_deliveryId === delivery.id)).toBe(true);
  });

  test('when Vonage answers after the timeout, then the Viber message is not resent (Vonage cannot be asked) and the feed says outcome unknown', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('viber');
    vonageFake.answerLateNext(LATE_ANSWER_MS);

    // Act
    const order = await shop.createOrder({ number: 'F-7' });
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    expect(vonageFake.messages.filter((m) => m.text.includes('order F-7'))).toHaveLength(1);
    expect(vonageFake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(ofType(feed, 'notification.failed')).toEqual([
      expect.objectContaining({ reason: 'provider_error', outcome: 'unknown' }),
    ]);
  });
});

describe('a database that fails after the provider accepted', () => {
  test('when the database connection recording the acceptance is dropped, then the client gets one SMS and it is recorded as sent', async () => {
    // Arrange: once Twilio accepts, the deliveries table is locked, and the connection whose query then
    // waits to record the acceptance is terminated by the server before the lock is released.
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    const url = (stack().db.options as { connectionString: string }).connectionString;
    const locker = new Client({ connectionString: url });
    const killer = new Client({ connectionString: url });
    await Promise.all([locker.connect(), killer.connect()]);
    let dropped: Promise<number> | undefined;
    twilioFake.onAccepted = async () => {
      twilioFake.onAccepted = null;
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE deliveries IN EXCLUSIVE MODE');
      dropped = eventually(async () => {
        const { rows } = await killer.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND query LIKE '%UPDATE deliveries SET status = ''sent''%'`,
        );
        return rows[0]?.pid;
      }, 30_000).then(async (pid) => {
        await killer.query('SELECT pg_terminate_backend($1)', [pid]);
        await locker.query('COMMIT');
        return pid;
      });
    };

    try {
      // Act
      const order = await shop.createOrder({ number: 'F-8' });
      const feed = await feedWhenSettled(shop, order.id);

      // Assert
      expect(await dropped).toEqual(expect.any(Number));
      expect(twilioFake.messages.filter((m) => m.body.includes('order F-8'))).toHaveLength(1);
      expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(1);
      expect(ofType(feed, 'notification.sent')).toHaveLength(1);
      expect(await deliveriesOf(shop, order.id)).toEqual([expect.objectContaining({ status: 'sent' })]);
    } finally {
      await Promise.all([locker.end(), killer.end()]);
    }
  });
});

describe('a retry sends on what it checked', () => {
  /** Waits until the fake received the first send request (the one answered 429). */
  const firstAttempt = () =>
    eventually(async () => (sendsTo(twilioFake, /Messages\.json$/).length > 0 ? true : undefined), 30_000);

  test('when SMS consent is withdrawn between a refused attempt and its retry, then the retry skips with no_consent and the delivery says skipped, not retry', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    twilioFake.failNext(429, undefined, 1, { 'Retry-After': '2' });

    // Act
    const order = await shop.createOrder({ number: 'F-9' });
    await firstAttempt();
    await shop.ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { consent: { sms: false } }));
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    expect(sendsTo(twilioFake, /Messages\.json$/)).toHaveLength(1);
    expect(ofType(feed, 'notification.skipped')).toEqual([expect.objectContaining({ reason: 'no_consent' })]);
    expect(await deliveriesOf(shop, order.id)).toEqual([expect.objectContaining({ status: 'skipped' })]);
  });

  test("when the rule's channel changes between a refused attempt and its retry, then the retry goes out on the new channel to that channel's address", async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    const rule = await shop.orderCreatedRule('sms');
    twilioFake.failNext(429, undefined, 1, { 'Retry-After': '2' });

    // Act
    const order = await shop.createOrder({ number: 'F-10' });
    await firstAttempt();
    await shop.ok(shop.http.patch(`/v1/notification-rules/${rule.id}`, { channel: 'email' }));
    const feed = await feedWhenSettled(shop, order.id);

    // Assert
    expect(twilioFake.messages.filter((m) => m.body.includes('order F-10'))).toEqual([]);
    expect(postmarkFake.emails.filter((e) => e.textBody?.includes('order F-10'))).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toEqual([
      expect.objectContaining({ channel: 'email', to: 'olena@example.com' }),
    ]);
    expect(await deliveriesOf(shop, order.id)).toEqual([
      expect.objectContaining({
        status: 'sent',
        channel: 'email',
        to: 'olena@example.com',
        provider: 'postmark',
      }),
    ]);
  });
});
