import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, fromPayloadsAtIndex } from '@temporalio/common';
import { deleteRules, findRule, updateRule } from '../../src/db/repositories/rules-repository';
import type { Channel, Duration, Rule } from '../../src/domain/types';
import { entityEventSignal, workflowIdFor, type SignalledEvent } from '../../src/workflows/definitions';
import type { PendingSend } from '../../src/domain/engine-state';
import { eventually, type E2EStack } from './e2e-stack';
import { activityNameOf } from './workflow-history';
import { readWholeFeed, waitForFeed, type FeedEntry } from './feed';
import { createConsentingClient, createLocation, createOrderStatuses, orderRequests } from './shop-setup';
import { newTenantClient, ok } from './tenant-http';
import { iso } from './time';

export const reminderEntries = (entries: FeedEntry[]) =>
  entries.filter((e) => e.type.startsWith('reminder.'));

/**
 * A tenant for reminder tests, set up through the HTTP API (location, statuses, a consenting client, a
 * template, rules), plus rule changes made behind the workflows' backs, straight through the repository,
 * for the case where a rule change's event has not reached them yet.
 */
export async function reminderShop(stack: E2EStack, options: { timezone?: string } = {}) {
  const { db, app, env } = stack;
  const { company, http } = await newTenantClient(db, app);

  const location = await createLocation(http, 'Main Street', { timezone: options.timezone });
  const statuses = await createOrderStatuses(http);
  const client = await createConsentingClient(http);
  const templateInput = {
    name: 'Reminder',
    subject: 'Order {{order.number}}',
    body: 'Reminder: order {{order.number}} is due {{order.dueDate}} at {{location.name}}.',
  };
  const template = await ok(http.post('/v1/templates', templateInput));

  async function reminderRule(remindBefore: Duration, channel: Channel = 'sms'): Promise<Rule> {
    const input = {
      entity: 'order' as const,
      kind: 'reminder' as const,
      locationId: location.id,
      trigger: null,
      channel,
      templateId: template.id,
      delay: null,
      workingHoursOnly: false,
      remindBefore,
      enabled: true,
    };
    return ok(http.post('/v1/notification-rules', input));
  }

  /** An order.created notification rule with a delay, to see notifications and reminders side by side. */
  async function delayedCreatedRule(delay: Duration, channel: Channel = 'viber'): Promise<Rule> {
    const input = {
      entity: 'order' as const,
      kind: 'notification' as const,
      locationId: location.id,
      trigger: { type: 'order.created' as const, statusId: null },
      channel,
      templateId: template.id,
      delay,
      workingHoursOnly: false,
      remindBefore: null,
      enabled: true,
    };
    return ok(http.post('/v1/notification-rules', input));
  }

  async function changeRule(id: string, patch: Partial<Pick<Rule, 'enabled' | 'remindBefore' | 'channel'>>) {
    return ok(http.patch(`/v1/notification-rules/${id}`, patch));
  }

  async function deleteRule(id: string): Promise<void> {
    await ok(http.delete(`/v1/notification-rules/${id}`));
  }

  /** Changes a rule without telling any workflow, as if the change's event were still on its way. */
  async function changeRuleUnannounced(id: string, patch: Partial<Pick<Rule, 'enabled'>>) {
    const current = (await findRule(db, company.id, id))!;
    return updateRule(db, company.id, id, { ...current, ...patch });
  }

  const feed = (orderId: string): Promise<FeedEntry[]> =>
    readWholeFeed(http.get, `/v1/orders/${orderId}/feed`);

  return {
    company,
    http,
    ok,
    location,
    statuses,
    client,
    template,
    reminderRule,
    delayedCreatedRule,
    changeRule,
    deleteRule,
    disableRule: (id: string) => changeRule(id, { enabled: false }),
    deleteRuleUnannounced: (id: string) => deleteRules(db, company.id, [id]),
    disableRuleUnannounced: (id: string) => changeRuleUnannounced(id, { enabled: false }),
    /** The time-skipping server's clock: due dates are set relative to it. */
    now: () => env.currentTimeMs(),
    ...orderRequests(http, { clientId: client.id, locationId: location.id, statusId: statuses.received.id }),
    feed,
    outbox: async (orderId: string) => (await ok(http.get(`/v1/outbox?orderId=${orderId}`))).messages,
    handle: (orderId: string): WorkflowHandle =>
      env.client.workflow.getHandle(workflowIdFor(company.id, 'order', orderId)),
    /** Waits until the order's feed holds entries of every listed type (repeats count). */
    waitForFeed: (orderId: string, ...wanted: string[]) => waitForFeed(() => feed(orderId), wanted),
  };
}

export type ReminderShop = Awaited<ReturnType<typeof reminderShop>>;

/**
 * When the workflow's armed timer fires (its TimerStarted time plus its timeout), waiting until exactly one
 * is armed: right after a feed write the workflow may not have gone back to sleep yet.
 */
export function armedTimerFiresAt(handle: WorkflowHandle): Promise<string> {
  return eventually(async () => (await openTimerFiresAt(handle)) ?? undefined);
}

async function openTimerFiresAt(handle: WorkflowHandle): Promise<string | null> {
  const events = (await handle.fetchHistory()).events ?? [];
  const started = new Map<string, number>();
  for (const e of events) {
    const attrs = e.timerStartedEventAttributes;
    if (attrs?.timerId && attrs.startToFireTimeout) {
      const secs = Number(attrs.startToFireTimeout.seconds ?? 0);
      const nanos = attrs.startToFireTimeout.nanos ?? 0;
      const at = Number(e.eventTime!.seconds ?? 0) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);
      started.set(attrs.timerId, at + secs * 1000 + Math.floor(nanos / 1e6));
    }
    const ended = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
    if (ended) started.delete(ended);
  }
  const open = [...started.values()];
  return open.length === 1 ? iso(open[0]!) : null;
}

/** Waits until `count` events were planned (by the relay or the workflow) and the workflow finished the workflow task that applied the last. */
export async function waitForEventsHandled(handle: WorkflowHandle, count: number): Promise<void> {
  await eventually(async () => {
    // Not started yet while the relay has not delivered the first event.
    const history = await handle.fetchHistory().catch(() => null);
    const events = history?.events ?? [];
    const scheduled = new Map<string, string>();
    let planned = 0;
    let appliedAfterLast = false;
    for (const e of events) {
      // An event the relay planned comes with its plan: the next completed workflow task applied it.
      const signal = e.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName === entityEventSignal.name) {
        const event = fromPayloadsAtIndex<SignalledEvent>(defaultPayloadConverter, 0, signal.input?.payloads);
        if (event.plan) {
          planned++;
          appliedAfterLast = false;
        }
      }
      const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (name) scheduled.set(String(e.eventId), name);
      const done = e.activityTaskCompletedEventAttributes;
      if (done && scheduled.get(String(done.scheduledEventId)) === 'planEvent') {
        planned++;
        appliedAfterLast = false;
      }
      // A local activity's marker is written by the workflow task that applied its plan.
      if (!name && activityNameOf(e) === 'planEvent') {
        planned++;
        appliedAfterLast = true;
      }
      if (e.workflowTaskCompletedEventAttributes) appliedAfterLast = true;
    }
    return planned >= count && appliedAfterLast ? true : undefined;
  });
}

/** When (workflow time) the workflow called `sendMessage` for each pending send, with the send's rule and time. */
export async function sendCalls(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendMessage')
    .map((e) => {
      const ref = fromPayloadsAtIndex<{ send: PendingSend }>(
        defaultPayloadConverter,
        0,
        e.activityTaskScheduledEventAttributes!.input!.payloads,
      );
      const calledAt = Number(e.eventTime!.seconds ?? 0) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);
      return { ruleId: ref.send.ruleId, sendAt: ref.send.sendAt, calledAt: iso(calledAt), send: ref.send };
    });
}

/**
 * Waits until the workflow has acted on everything it was given (say, timers a clock jump made due): its
 * last workflow task is done and all it asked for then was a timer, or it ended. Unlike `waitUntilIdle`,
 * a task that only completed (no new timer: the old one still runs) counts as settled too.
 */
export async function waitUntilSettled(handle: WorkflowHandle): Promise<void> {
  await eventually(async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events[events.length - 1];
    const settled =
      !!last &&
      !!(
        last.timerStartedEventAttributes ||
        last.workflowTaskCompletedEventAttributes ||
        last.upsertWorkflowSearchAttributesEventAttributes ||
        last.workflowExecutionCompletedEventAttributes ||
        last.workflowExecutionContinuedAsNewEventAttributes
      );
    return settled ? true : undefined;
  });
}
