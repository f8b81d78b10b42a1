/**
 * The whole engine with the REAL Twilio, Postmark and Vonage SDKs, built by the production factory from
 * configuration, aimed at local fake servers that speak their HTTP APIs.
 */
import '../fakes/jest-esm-shims'; // first: lets Jest load @vonage/* (see the file)
import { generateKeyPairSync } from 'node:crypto';
import { buildProviders } from '../../src/providers/factory';
import { startFakePostmark, type FakePostmark } from '../fakes/fake-postmark';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { startFakeVonage, type FakeVonage } from '../fakes/fake-vonage';
import { blockExternalNetwork } from '../fakes/no-internet';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { shopScenario } from '../support/scenario';

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

// Between the fakes' hooks: Jest runs hooks in declaration order, so the stack starts after the fakes and
// closes before them.
const stack = useSharedE2EStack({
  providers: (outbox) =>
    buildProviders(
      {
        twilio: {
          accountSid: 'AC00000000000000000000000000000000',
          authToken: 'twilio-token',
          smsFrom: '+15550001111',
          whatsappFrom: '+15550002222',
          baseUrl: twilioFake.url,
        },
        postmark: {
          serverToken: 'postmark-token',
          from: 'shop@example.com',
          requestHost: postmarkFake.url,
        },
        vonage: {
          applicationId: 'vonage-app',
          privateKey: keys.privateKey,
          viberFrom: 'FixitShop',
          apiHost: vonageFake.url,
        },
      },
      outbox,
    ),
});

afterAll(async () => {
  await Promise.all([twilioFake?.close(), postmarkFake?.close(), vonageFake?.close()]);
  restoreNetwork?.();
});

async function shopWithRulesOnEveryChannel() {
  const shop = await shopScenario(stack().app, stack().db);
  for (const channel of ['sms', 'whatsapp', 'email', 'viber'] as const) {
    await shop.orderCreatedRule(channel);
  }
  return shop;
}

async function feedOf(shop: Awaited<ReturnType<typeof shopScenario>>, orderId: string, count: number) {
  return eventually(async () => {
    const { entries } = await shop.ok(shop.http.get(`/v1/orders/${orderId}/feed`));
    return entries.length >= count ? entries : undefined;
  }, 30_000);
}

describe('sending through the real provider SDKs', () => {
  test('when an order is created with a rule per channel, then each provider received its message once', async () => {
    // Arrange
    const shop = await shopWithRulesOnEveryChannel();

    // Act
    const order = await shop.createOrder({ number: 'P-1' });
    const entries = await feedOf(shop, order.id, 5);

    // Assert
    const text = 'Hi Olena, order P-1 is Received at Main Street.';
    expect(twilioFake.messages.filter((m) => m.body === text).map((m) => [m.to, m.from])).toEqual(
      expect.arrayContaining([
        ['+380501234567', '+15550001111'],
        ['whatsapp:+380501234567', 'whatsapp:+15550002222'],
      ]),
    );
    expect(postmarkFake.emails.filter((e) => e.textBody === text)).toEqual([
      expect.objectContaining({ to: 'olena@example.com', subject: 'Order P-1' }),
    ]);
    expect(vonageFake.messages.filter((m) => m.text === text)).toEqual([
      expect.objectContaining({ channel: 'viber_service', to: '380501234567', from: 'FixitShop' }),
    ]);
    const sent = entries.filter((e: { type: string }) => e.type === 'notification.sent');
    expect(sent.map((e: { channel: string }) => e.channel).sort()).toEqual([
      'email',
      'sms',
      'viber',
      'whatsapp',
    ]);
    const deliveries = await shop.ok(shop.http.get(`/v1/deliveries?orderId=${order.id}`));
    expect(deliveries.items.map((d: { provider: string }) => d.provider).sort()).toEqual([
      'postmark',
      'twilio',
      'twilio',
      'vonage',
    ]);
  });

  test('when Twilio answers 500 once, then the send is retried and the message goes out exactly once', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    twilioFake.failNext(500, { code: 20500, message: 'Internal error', status: 500 });

    // Act
    const order = await shop.createOrder({ number: 'P-2' });
    const entries = await feedOf(shop, order.id, 2);

    // Assert
    expect(entries[1]).toMatchObject({ type: 'notification.sent', channel: 'sms' });
    expect(twilioFake.messages.filter((m) => m.body.includes('order P-2'))).toHaveLength(1);
  });

  test('when Twilio rejects the number for good, then the feed says provider_rejected and nothing is retried', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { phone: '+15005550001' }));
    await shop.orderCreatedRule('sms');
    const before = twilioFake.requests.length;

    // Act
    const order = await shop.createOrder({ number: 'P-3' });
    const entries = await feedOf(shop, order.id, 2);

    // Assert
    expect(entries[1]).toMatchObject({
      type: 'notification.failed',
      reason: 'provider_rejected',
      to: '+15005550001',
    });
    expect(twilioFake.requests.length - before).toBe(1);
  });
});
