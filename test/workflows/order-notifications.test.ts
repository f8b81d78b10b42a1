import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorker } from '../../src/worker';
import { entityEventSignal, pendingSendsQuery } from '../../src/workflows/definitions';
import { fakeEngineActivities, noPlan, orderEvent } from '../support/engine-fakes';
import { recordHistory } from '../support/histories';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal-env';

const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

async function withWorker<T>(activities: object, taskQueue: string, body: () => Promise<T>): Promise<T> {
  const worker = await createWorker({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  return worker.runUntil(body);
}

describe('order notifications workflow', () => {
  test('when an order is created with an immediate rule, then the message is sent once and nothing is scheduled', async () => {
    // Arrange
    const fake = fakeEngineActivities(() => ({
      ...noPlan,
      sends: [
        {
          ruleId: 'rule-created',
          channel: 'sms',
          triggerType: 'order.created',
          sendAt: new Date(0).toISOString(),
          deferred: false,
          expectedStatusId: null,
        },
      ],
    }));
    const taskQueue = 'wf-immediate';
    await withWorker(fake.activities, taskQueue, async () => {
      // Act
      const handle = await env.client.workflow.signalWithStart('orderNotificationsWorkflow', {
        workflowId: 'order-immediate',
        taskQueue,
        args: [{ companyId: 'company-1', entity: 'order', entityId: 'order-1' }],
        signal: entityEventSignal,
        signalArgs: [
          orderEvent({ type: 'order.created', at: new Date(await env.currentTimeMs()).toISOString() }),
        ],
      });
      await waitFor(() => fake.delivered.length === 1);
      // Assert
      expect(await handle.query(pendingSendsQuery)).toEqual([]);
      await recordHistory(handle, 'order-immediate-send');
    });
    expect(fake.delivered.map((d) => d.ruleId)).toEqual(['rule-created']);
    expect(fake.feed.filter((f) => f.type === 'notification.scheduled')).toEqual([]);
  });

  test('when a rule has a two-hour delay, then it is scheduled, visible as pending, and sent after two hours', async () => {
    // Arrange
    let now = 0;
    const fake = fakeEngineActivities((event) => ({
      ...noPlan,
      sends: [
        {
          ruleId: 'rule-delayed',
          channel: 'email',
          triggerType: 'order.created',
          sendAt: new Date(Date.parse(event.at) + 2 * HOUR).toISOString(),
          deferred: false,
          expectedStatusId: null,
        },
      ],
    }));
    const taskQueue = 'wf-delay';
    await withWorker(fake.activities, taskQueue, async () => {
      now = await env.currentTimeMs();
      const handle = await env.client.workflow.signalWithStart('orderNotificationsWorkflow', {
        workflowId: 'order-delayed',
        taskQueue,
        args: [{ companyId: 'company-1', entity: 'order', entityId: 'order-1' }],
        signal: entityEventSignal,
        signalArgs: [orderEvent({ type: 'order.created', at: new Date(now).toISOString() })],
      });
      // Act
      await waitFor(() => fake.feed.length === 1);
      const pending = await handle.query(pendingSendsQuery);
      await env.sleep('1 hour');
      const sentAfterOneHour = fake.delivered.length;
      await env.sleep('61 minutes');
      await waitFor(() => fake.delivered.length === 1);
      // Assert
      expect(pending).toEqual([
        expect.objectContaining({
          kind: 'notification',
          ruleId: 'rule-delayed',
          scheduledFor: new Date(now + 2 * HOUR).toISOString(),
        }),
      ]);
      expect(sentAfterOneHour).toBe(0);
      await recordHistory(handle, 'order-delayed-send');
    });
    expect(fake.feed[0]).toMatchObject({ type: 'notification.scheduled', ruleId: 'rule-delayed' });
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached before the deadline');
    await new Promise((r) => setTimeout(r, 20));
  }
}
