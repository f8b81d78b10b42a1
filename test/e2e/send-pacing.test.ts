import { buildProviders } from '../../src/providers/factory';
import { blockExternalNetwork } from '../fakes/no-internet';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { sendTaskQueue, workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { recordHistory } from '../support/histories';
import { shopScenario } from '../support/scenario';
import { activityTaskQueues, waitUntilIdle } from '../support/workflow-history';

/** Twilio takes 2 SMS per second from this number and answers 429 above that, as a long code does at 1/s. */
const RATE = 2;
const ORDERS = 10;

let restoreNetwork: () => void;
let twilio: FakeTwilio;

beforeAll(async () => {
  restoreNetwork = blockExternalNetwork();
  twilio = await startFakeTwilio({ authToken: 'twilio-token', ratePerSecond: RATE });
});

const stack = useSharedE2EStack({
  sendRates: { sms: RATE },
  providers: (outbox) => ({
    sms: buildProviders(
      {
        twilio: {
          accountSid: 'AC00000000000000000000000000000000',
          authToken: 'twilio-token',
          smsFrom: '+15550001111',
          baseUrl: twilio.url,
        },
      },
      outbox,
    ).sms,
  }),
});

afterAll(async () => {
  await twilio?.close();
  restoreNetwork?.();
});

describe('sends paced at the provider account’s rate (real Twilio SDK against a fake Twilio)', () => {
  test('when a burst of orders each sends an SMS, then the sends go out at the configured rate: each once, and Twilio never answers 429', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');

    // Act
    const orders = await Promise.all(Array.from({ length: ORDERS }, () => shop.createOrder()));
    await eventually(async () => (twilio.messages.length >= ORDERS ? true : undefined), 60_000);

    // Assert
    const attempts = twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
    expect(attempts).toHaveLength(ORDERS);
    expect(twilio.messages).toHaveLength(ORDERS);
    expect(new Set(twilio.messages.map((m) => m.body)).size).toBe(orders.length);
  }, 120_000);

  test('when an order sends on a paced channel and another on an unpaced one, then only the paced send waits in its channel’s queue', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');
    await shop.orderCreatedRule('email');

    // Act
    const order = await shop.createOrder();
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    // The relay starts the workflow a moment after the API answers.
    const queues = await eventually(async () => {
      const scheduled = await activityTaskQueues(handle, 'sendMessage').catch(() => []);
      return scheduled.length === 2 ? scheduled : undefined;
    });
    await eventually(async () =>
      twilio.messages.some((m) => m.body.includes(order.number)) ? true : undefined,
    );

    // Assert: the email goes from the workflow's own queue, which the server hands out with the workflow
    // task's completion; the SMS from the queue polled at the account's rate.
    expect(queues.sort()).toEqual([stack().taskQueue, sendTaskQueue(stack().taskQueue, 'sms')].sort());
    await waitUntilIdle(handle);
    await recordHistory(handle, 'order-paced-and-unpaced-sends');
  }, 60_000);
});
