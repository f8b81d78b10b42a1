import { entityEventSignal, workflowIdFor, type EntityWorkflowInput } from '../../src/workflows/definitions';
import { useSharedE2EStack } from '../support/e2e-stack';
import { ofType, type FeedEntry } from '../support/feed';
import { recordHistory } from '../support/histories';
import { armedTimerFiresAt, reminderShop } from '../support/reminder-scenario';
import { storedEvents } from '../support/stored-events';
import { DAY_MS, HOUR_MS, iso } from '../support/time';

const stack = useSharedE2EStack({ timeSkipping: true });

beforeAll(async () => {
  // Events are relayed by hand here, so that this test starts the workflow itself with a low threshold.
  await stack().relay.stop();
});

const count = (entries: FeedEntry[], type: string) => ofType(entries, type).length;

/** The run ids of the workflow, first to current, following each run's continuedExecutionRunId. */
async function runChain(workflowId: string): Promise<string[]> {
  const chain: string[] = [];
  let runId: string | undefined = (await stack().env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    chain.unshift(runId);
    const history = await stack().env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return chain;
}

describe('continue-as-new with pending reminders (time-skipping server, real activities)', () => {
  test('when the workflow continues as new many times while reminders are pending, then they are carried over and each is sent exactly once', async () => {
    // Arrange: two reminder rules, an order due in 5 days, its workflow started with a low threshold.
    const shop = await reminderShop(stack());
    const daily = await shop.reminderRule({ value: 1, unit: 'days' });
    const hourly = await shop.reminderRule({ value: 2, unit: 'hours' }, 'email');
    const start = await shop.now();
    const order = await shop.createOrder({ dueDate: iso(start + 5 * DAY_MS) });
    const workflowId = workflowIdFor(shop.company.id, 'order', order.id);
    const [createdEvent] = await storedEvents(stack().db, order.id);
    const input: EntityWorkflowInput = {
      companyId: shop.company.id,
      entity: 'order',
      entityId: order.id,
      maxHistoryLength: 25,
    };
    const first = await stack().env.client.workflow.signalWithStart('orderNotificationsWorkflow', {
      workflowId,
      taskQueue: stack().taskQueue,
      args: [input],
      signal: entityEventSignal,
      signalArgs: [createdEvent!],
    });
    const latest = () => stack().env.client.workflow.getHandle(workflowId);
    // The relay delivers order.created again: a duplicate the workflow ignores.
    await stack().relay.drain();
    await shop.waitForFeed(order.id, 'reminder.scheduled', 'reminder.scheduled');

    // Act: many due-date moves, each relayed and handled before the next; the due date ends 3 days out.
    const moves = [4, 6, 4, 6, 4, 6, 4, 3];
    for (const [i, d] of moves.entries()) {
      await shop.patchOrder(order.id, { dueDate: iso(start + d * DAY_MS) });
      await stack().relay.drain();
      await shop.waitForFeed(order.id, ...Array(2 * (i + 1)).fill('reminder.rescheduled'));
      // Asleep again (a run that continued as new has armed its timer): the move is fully handled.
      await armedTimerFiresAt(latest());
    }
    const dueDate = iso(start + 3 * DAY_MS);
    const timer = await armedTimerFiresAt(latest());
    const runsBefore = await runChain(workflowId);
    const { pending } = await shop.getOrder(order.id);

    // Assert: runs were continued, nothing was lost or doubled in pending, the timer is the earliest send.
    const dayBefore = iso(Date.parse(dueDate) - DAY_MS);
    const twoHoursBefore = iso(Date.parse(dueDate) - 2 * HOUR_MS);
    expect(runsBefore.length).toBeGreaterThanOrEqual(3);
    expect(runsBefore[0]).toBe(first.signaledRunId);
    expect(pending).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        ruleId: daily.id,
        channel: 'sms',
        scheduledFor: dayBefore,
      }),
      expect.objectContaining({
        kind: 'reminder',
        ruleId: hourly.id,
        channel: 'email',
        scheduledFor: twoHoursBefore,
      }),
    ]);
    expect(Math.abs(Date.parse(timer!) - Date.parse(dayBefore))).toBeLessThan(5_000);

    // Act: past both reminders.
    await stack().env.sleep(Date.parse(dueDate) - (await shop.now()) - HOUR_MS);
    const feed = await shop.waitForFeed(order.id, 'reminder.sent', 'reminder.sent');
    // Idle (only the long idle timer left), possibly in yet another run.
    await armedTimerFiresAt(latest());

    // Assert
    expect(count(feed, 'reminder.scheduled')).toBe(2);
    expect(count(feed, 'reminder.rescheduled')).toBe(2 * moves.length);
    expect(count(await shop.feed(order.id), 'reminder.sent')).toBe(2);
    const outbox = await shop.outbox(order.id);
    expect(outbox.map((m: { channel: string; ruleId: string }) => [m.ruleId, m.channel])).toEqual([
      [daily.id, 'sms'],
      [hourly.id, 'email'],
    ]);
    const { rows } = await stack().db.query(
      'SELECT count(*)::int AS n FROM deliveries WHERE entity_id = $1',
      [order.id],
    );
    expect(rows[0].n).toBe(2);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    const runs = await runChain(workflowId);
    expect(runs.length).toBeGreaterThanOrEqual(runsBefore.length);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowId, runs[0]),
      'order-reminders-continue-as-new-first-run',
    );
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowId, runs[runs.length - 1]),
      'order-reminders-continue-as-new-last-run',
    );
  });
});
