import {
  applyEvent,
  completeSend,
  deferSend,
  initialState,
  notificationKey,
  rememberSentReminder,
  reminderKey,
  replansSentReminder,
  takeSend,
  type ApplyOptions,
} from '../../src/domain/pending-sends';
import type { EntityEvent } from '../../src/domain/types';
import type { EntityWorkflowState, FeedWrite } from '../../src/domain/engine-state';
import type { EventPlan, PlannedReminder } from '../../src/domain/event-plan';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = '2027-01-10T10:00:00.000Z';
const DUE = '2027-01-15T10:00:00.000Z';
const LATER_DUE = '2027-01-20T10:00:00.000Z';
const EARLIER_DUE = '2027-01-12T10:00:00.000Z';
const V2: ApplyOptions = { reminderPlanningV2: true };

const iso = (ms: number) => new Date(ms).toISOString();
const before = (dueIso: string, ms: number) => iso(Date.parse(dueIso) - ms);
const after = (baseIso: string, ms: number) => iso(Date.parse(baseIso) + ms);

let seq = 0;
function event(overrides: Partial<EntityEvent> & Pick<EntityEvent, 'type'>): EntityEvent {
  seq += 1;
  return {
    id: `evt-${seq}`,
    entity: 'order',
    entityId: 'order-1',
    companyId: 'company-1',
    at: NOW,
    statusId: 'open',
    previousStatusId: null,
    dueDate: null,
    previousDueDate: null,
    ...overrides,
  };
}

const created = (dueDate: string | null) => event({ type: 'order.created', dueDate });
const dueChanged = (dueDate: string | null, previousDueDate: string | null) =>
  event({ type: 'order.due_date_changed', dueDate, previousDueDate, previousStatusId: 'open' });
const statusChanged = (statusId: string, dueDate: string | null, previousStatusId = 'open') =>
  event({ type: 'order.status_changed', statusId, previousStatusId, dueDate, previousDueDate: dueDate });

/** What planEvent answers for an order: reminder rules `[ruleId, ms before due, channel?]` for the event's due date. */
function plan(
  dueDate: string | null,
  rules: Array<[string, number, PlannedReminder['channel']?]>,
  statusIsFinal = false,
): EventPlan {
  return {
    sends: [],
    reminders:
      dueDate === null
        ? []
        : rules.map(([ruleId, ms, channel]) => ({
            ruleId,
            channel: channel ?? 'sms',
            sendAt: before(dueDate, ms),
          })),
    statusIsFinal,
  };
}

const DAY_RULE: [string, number] = ['rule-day', DAY];
const HOUR_RULE: [string, number] = ['rule-hour', 2 * HOUR];

/** Applies events in turn (each at its own workflow time), collecting every feed entry. */
function run(
  steps: Array<{ event: EntityEvent; plan: EventPlan; at?: string; options?: ApplyOptions }>,
  start: EntityWorkflowState = initialState(),
) {
  let state = start;
  const feed: FeedWrite[] = [];
  for (const step of steps) {
    const outcome = applyEvent(state, step.event, step.plan, step.at ?? NOW, step.options ?? V2);
    state = outcome.state;
    feed.push(...outcome.feed);
  }
  return { state, feed };
}

const reminderEntries = (feed: FeedWrite[]) => feed.filter((f) => f.type.startsWith('reminder.'));
const summary = (feed: FeedWrite[]) =>
  reminderEntries(feed).map((f) => [f.type, f.ruleId, f.scheduledFor, f.reason]);

describe('applyEvent: scheduling reminders', () => {
  test('when an order is created with a due date and one reminder rule, then one reminder is pending at dueDate - remindBefore and the feed says scheduled', () => {
    // Arrange
    const e = created(DUE);

    // Act
    const { state, feed } = run([{ event: e, plan: plan(DUE, [DAY_RULE]) }]);

    // Assert
    expect(state.pending).toEqual([
      {
        key: reminderKey('rule-day', DUE),
        kind: 'reminder',
        ruleId: 'rule-day',
        channel: 'sms',
        sendAt: before(DUE, DAY),
        eventId: e.id,
        triggerType: null,
        expectedStatusId: null,
        dueDate: DUE,
        deferred: false,
      },
    ]);
    expect(feed).toEqual([
      {
        dedupeKey: expect.any(String),
        at: NOW,
        type: 'reminder.scheduled',
        ruleId: 'rule-day',
        channel: 'sms',
        scheduledFor: before(DUE, DAY),
        reason: null,
      },
    ]);
    expect(state.dueDate).toBe(DUE);
  });

  test('when two reminder rules match, then each gets its own pending reminder and scheduled entry', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE, ['rule-email', HOUR, 'email']]) },
    ]);

    // Assert
    expect(state.pending.map((p) => [p.ruleId, p.channel, p.sendAt])).toEqual([
      ['rule-day', 'sms', before(DUE, DAY)],
      ['rule-email', 'email', before(DUE, HOUR)],
    ]);
    expect(summary(feed)).toEqual([
      ['reminder.scheduled', 'rule-day', before(DUE, DAY), null],
      ['reminder.scheduled', 'rule-email', before(DUE, HOUR), null],
    ]);
  });

  test('when an order is created without a due date, then no reminder exists and nothing is written', () => {
    // Act
    const { state, feed } = run([{ event: created(null), plan: plan(null, [DAY_RULE]) }]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(feed).toEqual([]);
  });

  test('when the due date is set later on an order created without one, then its reminders are scheduled', () => {
    // Act
    const { state, feed } = run([
      { event: created(null), plan: plan(null, [DAY_RULE]) },
      { event: dueChanged(DUE, null), plan: plan(DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.key)).toEqual([reminderKey('rule-day', DUE)]);
    expect(summary(feed)).toEqual([['reminder.scheduled', 'rule-day', before(DUE, DAY), null]]);
  });

  test('when a lead event is applied (no reminder plan), then reminders are neither planned nor cancelled', () => {
    // Arrange
    const leadEvent = event({ type: 'lead.created', entity: 'lead', entityId: 'lead-1' });

    // Act
    const { state, feed } = run([
      { event: leadEvent, plan: { sends: [], reminders: null, statusIsFinal: false } },
    ]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(feed).toEqual([]);
  });
});

describe('applyEvent: moving reminders with the due date', () => {
  test('when the due date moves later, then the reminder moves (rescheduled, old time as previousScheduledFor) and follows the new due date', () => {
    // Arrange
    const move = dueChanged(LATER_DUE, DUE);

    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: move, plan: plan(LATER_DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending).toEqual([
      expect.objectContaining({
        key: reminderKey('rule-day', LATER_DUE),
        sendAt: before(LATER_DUE, DAY),
        dueDate: LATER_DUE,
        eventId: move.id,
      }),
    ]);
    const rescheduled = reminderEntries(feed)[1]!;
    expect(rescheduled).toMatchObject({
      type: 'reminder.rescheduled',
      ruleId: 'rule-day',
      channel: 'sms',
      scheduledFor: before(LATER_DUE, DAY),
      reason: null,
      data: { previousScheduledFor: before(DUE, DAY) },
    });
  });

  test('when the due date moves earlier but the reminder time is still ahead, then it is rescheduled earlier', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: dueChanged(EARLIER_DUE, DUE), plan: plan(EARLIER_DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.sendAt)).toEqual([before(EARLIER_DUE, DAY)]);
    expect(summary(feed)).toEqual([
      ['reminder.scheduled', 'rule-day', before(DUE, DAY), null],
      ['reminder.rescheduled', 'rule-day', before(EARLIER_DUE, DAY), null],
    ]);
  });

  test('when the due date moves so that the reminder time has passed, then it is skipped with reminder_time_passed, not cancelled, and leaves pending', () => {
    // Arrange: 2 hours ahead, a 1-day reminder is already in the past.
    const soon = after(NOW, 2 * HOUR);

    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: dueChanged(soon, DUE), plan: plan(soon, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(reminderEntries(feed).slice(1)).toEqual([
      expect.objectContaining({
        type: 'reminder.skipped',
        ruleId: 'rule-day',
        scheduledFor: before(soon, DAY),
        reason: 'reminder_time_passed',
        data: { previousScheduledFor: before(DUE, DAY) },
      }),
    ]);
    expect(state.completedKeys).toEqual([reminderKey('rule-day', soon)]);
  });

  test('when only one of two reminders has passed after a move, then that one is skipped and the other rescheduled', () => {
    // Arrange: due in 5 hours: the 2-hour reminder is ahead, the 1-day one has passed.
    const soon = after(NOW, 5 * HOUR);

    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) },
      { event: dueChanged(soon, DUE), plan: plan(soon, [DAY_RULE, HOUR_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => [p.ruleId, p.sendAt])).toEqual([['rule-hour', before(soon, 2 * HOUR)]]);
    expect(summary(feed).slice(2)).toEqual([
      ['reminder.skipped', 'rule-day', before(soon, DAY), 'reminder_time_passed'],
      ['reminder.rescheduled', 'rule-hour', before(soon, 2 * HOUR), null],
    ]);
  });

  test('when an order is created with a due date whose reminder time has passed, then the reminder is skipped, never pending', () => {
    // Arrange
    const soon = after(NOW, HOUR);

    // Act
    const { state, feed } = run([{ event: created(soon), plan: plan(soon, [DAY_RULE]) }]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(summary(feed)).toEqual([
      ['reminder.skipped', 'rule-day', before(soon, DAY), 'reminder_time_passed'],
    ]);
    expect(feed[0]!.data).toBeUndefined();
  });

  test('when a skipped reminder’s order gets another event for the same due date, then it is not reported again', () => {
    // Arrange
    const soon = after(NOW, HOUR);

    // Act
    const { feed } = run([
      { event: created(soon), plan: plan(soon, [DAY_RULE]) },
      { event: statusChanged('ready', soon), plan: plan(soon, [DAY_RULE]) },
    ]);

    // Assert
    expect(summary(feed)).toEqual([
      ['reminder.skipped', 'rule-day', before(soon, DAY), 'reminder_time_passed'],
    ]);
  });

  test('when the due date is moved back and forth, then each move is one rescheduled entry with its own dedupe key', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: dueChanged(LATER_DUE, DUE), plan: plan(LATER_DUE, [DAY_RULE]) },
      { event: dueChanged(DUE, LATER_DUE), plan: plan(DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.key)).toEqual([reminderKey('rule-day', DUE)]);
    expect(summary(feed).map((s) => s[0])).toEqual([
      'reminder.scheduled',
      'reminder.rescheduled',
      'reminder.rescheduled',
    ]);
    expect(new Set(feed.map((f) => f.dedupeKey)).size).toBe(feed.length);
  });
});

describe('applyEvent: a reminder that was already sent', () => {
  function sentFor(dueDate: string) {
    const start = run([{ event: created(dueDate), plan: plan(dueDate, [DAY_RULE]) }]).state;
    return completeSend(start, reminderKey('rule-day', dueDate));
  }

  test('when another event comes for the same due date, then the sent reminder is not planned again', () => {
    // Arrange
    const state0 = sentFor(DUE);
    const sentAt = after(before(DUE, DAY), 1000);

    // Act
    const { state, feed } = run(
      [{ event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE]), at: sentAt }],
      state0,
    );

    // Assert
    expect(state.pending).toEqual([]);
    expect(feed).toEqual([]);
    expect(state.completedKeys).toEqual([reminderKey('rule-day', DUE)]);
  });

  test('when the due date moves later so the new reminder time is ahead, then the reminder is re-armed for the new date', () => {
    // Arrange: the 1-day reminder went out; the appointment moves five days on.
    const state0 = sentFor(DUE);
    const sentAt = after(before(DUE, DAY), 1000);

    // Act
    const { state, feed } = run(
      [{ event: dueChanged(LATER_DUE, DUE), plan: plan(LATER_DUE, [DAY_RULE]), at: sentAt }],
      state0,
    );

    // Assert
    expect(state.pending).toEqual([
      expect.objectContaining({ key: reminderKey('rule-day', LATER_DUE), sendAt: before(LATER_DUE, DAY) }),
    ]);
    expect(summary(feed)).toEqual([['reminder.scheduled', 'rule-day', before(LATER_DUE, DAY), null]]);
    expect(state.completedKeys).toEqual([]);
  });

  test('when the due date moves earlier after the reminder went out, then the new one is skipped as passed', () => {
    // Arrange
    const state0 = sentFor(DUE);
    const sentAt = after(before(DUE, DAY), 1000);
    const earlier = before(DUE, HOUR);

    // Act
    const { state, feed } = run(
      [{ event: dueChanged(earlier, DUE), plan: plan(earlier, [DAY_RULE]), at: sentAt }],
      state0,
    );

    // Assert
    expect(state.pending).toEqual([]);
    expect(summary(feed)).toEqual([
      ['reminder.skipped', 'rule-day', before(earlier, DAY), 'reminder_time_passed'],
    ]);
  });
});

describe('applyEvent: cancelling reminders', () => {
  test('when the due date is cleared, then every pending reminder is cancelled with due_date_cleared', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) },
      { event: dueChanged(null, DUE), plan: plan(null, [DAY_RULE, HOUR_RULE]) },
    ]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(summary(feed).slice(2)).toEqual([
      ['reminder.cancelled', 'rule-day', before(DUE, DAY), 'due_date_cleared'],
      ['reminder.cancelled', 'rule-hour', before(DUE, 2 * HOUR), 'due_date_cleared'],
    ]);
    expect(state.dueDate).toBeNull();
  });

  test('when the due date is cleared and set back to the same date, then the reminder is scheduled again with a fresh entry', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: dueChanged(null, DUE), plan: plan(null, [DAY_RULE]) },
      { event: dueChanged(DUE, null), plan: plan(DUE, [DAY_RULE]) },
      { event: dueChanged(null, DUE), plan: plan(null, [DAY_RULE]) },
    ]);

    // Assert
    expect(summary(feed).map((s) => [s[0], s[3]])).toEqual([
      ['reminder.scheduled', null],
      ['reminder.cancelled', 'due_date_cleared'],
      ['reminder.scheduled', null],
      ['reminder.cancelled', 'due_date_cleared'],
    ]);
    expect(new Set(feed.map((f) => f.dedupeKey)).size).toBe(4);
    expect(state.pending).toEqual([]);
  });

  test('when the order reaches a final status, then its reminders are cancelled with order_closed and the order is closed', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('done', DUE), plan: plan(DUE, [DAY_RULE], true) },
    ]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(state.closed).toBe(true);
    expect(summary(feed)[1]).toEqual(['reminder.cancelled', 'rule-day', before(DUE, DAY), 'order_closed']);
  });

  test('when a closed order is reopened, then reminders not yet sent are scheduled again and sent ones stay done', () => {
    // Arrange: the 2-hour reminder already went out; the 1-day one is pending.
    const state0 = completeSend(
      run([{ event: created(DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) }]).state,
      reminderKey('rule-hour', DUE),
    );

    // Act
    const { state, feed } = run(
      [
        { event: statusChanged('done', DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE], true) },
        { event: statusChanged('open', DUE, 'done'), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) },
      ],
      state0,
    );

    // Assert
    expect(state.pending.map((p) => p.ruleId)).toEqual(['rule-day']);
    expect(summary(feed).map((s) => [s[0], s[1], s[3]])).toEqual([
      ['reminder.cancelled', 'rule-day', 'order_closed'],
      ['reminder.scheduled', 'rule-day', null],
    ]);
    expect(state.closed).toBe(false);
  });

  test('when a due date is set on a closed order, then no reminder is scheduled', () => {
    // Act
    const { state, feed } = run([
      { event: created(null), plan: plan(null, [DAY_RULE]) },
      { event: statusChanged('done', null), plan: plan(null, [DAY_RULE], true) },
      { event: dueChanged(DUE, null), plan: plan(DUE, [DAY_RULE], true) },
    ]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(feed).toEqual([]);
  });

  test('when a reminder rule is no longer planned (deleted or disabled), then its reminder is cancelled with rule_removed at the next event and the others stay', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [HOUR_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.ruleId)).toEqual(['rule-hour']);
    expect(summary(feed).slice(2)).toEqual([
      ['reminder.cancelled', 'rule-day', before(DUE, DAY), 'rule_removed'],
    ]);
  });

  test('when the due date changes, then pending notifications are left to the notification rules (only reminders move)', () => {
    // Arrange: an order.created notification waiting for working hours.
    const createdPlan: EventPlan = {
      ...plan(DUE, [DAY_RULE]),
      sends: [
        {
          ruleId: 'rule-created',
          channel: 'email',
          triggerType: 'order.created',
          sendAt: after(NOW, HOUR),
          deferred: true,
          expectedStatusId: null,
        },
      ],
    };

    // Act
    const { state } = run([
      { event: created(DUE), plan: createdPlan },
      { event: dueChanged(null, DUE), plan: plan(null, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => [p.kind, p.ruleId])).toEqual([['notification', 'rule-created']]);
  });
});

describe('applyEvent: rules created or changed while the order is open apply at its next event', () => {
  test('when a reminder rule is created, then the next event (any type) schedules its reminder for the current due date', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.ruleId)).toEqual(['rule-day', 'rule-hour']);
    expect(summary(feed)).toEqual([
      ['reminder.scheduled', 'rule-day', before(DUE, DAY), null],
      ['reminder.scheduled', 'rule-hour', before(DUE, 2 * HOUR), null],
    ]);
  });

  test('when a rule’s remindBefore changes, then the next event reschedules its reminder', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [['rule-day', 2 * DAY]]) },
    ]);

    // Assert
    expect(state.pending.map((p) => [p.key, p.sendAt])).toEqual([
      [reminderKey('rule-day', DUE), before(DUE, 2 * DAY)],
    ]);
    expect(reminderEntries(feed)[1]).toMatchObject({
      type: 'reminder.rescheduled',
      scheduledFor: before(DUE, 2 * DAY),
      data: { previousScheduledFor: before(DUE, DAY) },
    });
  });

  test('when a rule’s channel changes, then the pending reminder takes the new channel without a feed entry', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [['rule-day', DAY, 'whatsapp']]) },
    ]);

    // Assert
    expect(state.pending.map((p) => [p.ruleId, p.channel])).toEqual([['rule-day', 'whatsapp']]);
    expect(reminderEntries(feed)).toHaveLength(1);
  });

  test('when an unrelated event changes nothing for a reminder, then it stays pending as it was and nothing is written', () => {
    // Arrange
    const first = created(DUE);

    // Act
    const { state, feed } = run([
      { event: first, plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending).toEqual([expect.objectContaining({ eventId: first.id, sendAt: before(DUE, DAY) })]);
    expect(reminderEntries(feed)).toHaveLength(1);
  });

  test('when a rule is created after its reminder time has passed, then the next event records it as skipped', () => {
    // Arrange: the appointment is in 3 hours; a new 1-day rule is already too late.
    const soon = after(NOW, 3 * HOUR);

    // Act
    const { state, feed } = run([
      { event: created(soon), plan: plan(soon, [HOUR_RULE]) },
      { event: statusChanged('ready', soon), plan: plan(soon, [HOUR_RULE, DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.ruleId)).toEqual(['rule-hour']);
    expect(summary(feed)[1]).toEqual([
      'reminder.skipped',
      'rule-day',
      before(soon, DAY),
      'reminder_time_passed',
    ]);
  });

  test('when a rule is disabled and re-enabled, then the reminder is cancelled and later scheduled again with fresh entries', () => {
    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, []) },
      { event: statusChanged('open', DUE, 'ready'), plan: plan(DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(summary(feed).map((s) => [s[0], s[3]])).toEqual([
      ['reminder.scheduled', null],
      ['reminder.cancelled', 'rule_removed'],
      ['reminder.scheduled', null],
    ]);
    expect(state.pending).toHaveLength(1);
    expect(new Set(feed.map((f) => f.dedupeKey)).size).toBe(3);
  });
});

describe('applyEvent: a reminder due when an event comes in', () => {
  test('when an event arrives after an unchanged reminder fell due but before it was sent, then it stays pending to be sent', () => {
    // Arrange: the timer fired and the event was handled first in the same turn.
    const dueAt = before(DUE, DAY);

    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]) },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE]), at: after(dueAt, 5) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.sendAt)).toEqual([dueAt]);
    expect(reminderEntries(feed)).toHaveLength(1);
  });

  test('when the same happens in a history from before the reminder-planning-v2 patch, then the old outcome (skipped) is kept', () => {
    // Arrange
    const dueAt = before(DUE, DAY);

    // Act
    const { state, feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE]), options: {} },
      { event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE]), at: after(dueAt, 5), options: {} },
    ]);

    // Assert
    expect(state.pending).toEqual([]);
    expect(summary(feed)[1]).toEqual(['reminder.skipped', 'rule-day', dueAt, 'reminder_time_passed']);
  });
});

describe('applyEvent: a run started afresh (the previous one completed while idle)', () => {
  const longAfter = after(DUE, 40 * DAY);

  test('when its first event is a status change on an order whose reminder time passed long ago, then nothing is reported as skipped', () => {
    // Act
    const { state, feed } = run([
      { event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE]), at: longAfter },
    ]);

    // Assert
    expect(feed).toEqual([]);
    expect(state.pending).toEqual([]);
    expect(state.completedKeys).toEqual([reminderKey('rule-day', DUE)]);
  });

  test('when the same history predates the patch, then the old outcome (skipped) is kept', () => {
    // Act
    const { feed } = run([
      { event: statusChanged('ready', DUE), plan: plan(DUE, [DAY_RULE]), at: longAfter, options: {} },
    ]);

    // Assert
    expect(summary(feed)).toEqual([
      ['reminder.skipped', 'rule-day', before(DUE, DAY), 'reminder_time_passed'],
    ]);
  });

  test('when its first event is a status change and a reminder is still ahead, then it is scheduled', () => {
    // Act
    const { state, feed } = run([
      { event: statusChanged('ready', LATER_DUE), plan: plan(LATER_DUE, [DAY_RULE]) },
    ]);

    // Assert
    expect(state.pending.map((p) => p.key)).toEqual([reminderKey('rule-day', LATER_DUE)]);
    expect(summary(feed)).toEqual([['reminder.scheduled', 'rule-day', before(LATER_DUE, DAY), null]]);
  });

  test('when its first event sets a due date whose reminder passed, then it is reported as skipped', () => {
    // Arrange
    const soon = after(NOW, HOUR);

    // Act
    const { feed } = run([{ event: dueChanged(soon, DUE), plan: plan(soon, [DAY_RULE]) }]);

    // Assert
    expect(summary(feed)).toEqual([
      ['reminder.skipped', 'rule-day', before(soon, DAY), 'reminder_time_passed'],
    ]);
  });
});

describe('applyEvent: bookkeeping', () => {
  test('when events are applied, then their ids are remembered (bounded) and the status follows the event', () => {
    // Arrange
    const e = statusChanged('ready', DUE);

    // Act
    const { state } = run([{ event: e, plan: plan(DUE, []) }]);

    // Assert
    expect(state.seenEventIds).toEqual([e.id]);
    expect(state.statusId).toBe('ready');
    expect(state.dueDate).toBe(DUE);
  });

  test('when a reminder is completed, then it leaves pending and is remembered; a notification is only removed', () => {
    // Arrange
    const state0: EntityWorkflowState = {
      ...initialState(),
      pending: [
        { ...notificationLike('rule-n:evt-x') },
        { ...notificationLike(reminderKey('rule-day', DUE)), kind: 'reminder' },
      ],
    };

    // Act
    const afterNotification = completeSend(state0, 'rule-n:evt-x');
    const afterReminder = completeSend(afterNotification, reminderKey('rule-day', DUE));

    // Assert
    expect(afterNotification.completedKeys).toEqual([]);
    expect(afterReminder.pending).toEqual([]);
    expect(afterReminder.completedKeys).toEqual([reminderKey('rule-day', DUE)]);
  });

  test('when entries are written for one event, then every dedupe key is unique and names the event', () => {
    // Arrange
    const move = dueChanged(LATER_DUE, DUE);

    // Act
    const { feed } = run([
      { event: created(DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) },
      { event: move, plan: plan(LATER_DUE, [HOUR_RULE]) },
    ]);

    // Assert
    const moveEntries = feed.slice(2);
    expect(moveEntries.map((f) => f.type)).toEqual(['reminder.rescheduled', 'reminder.cancelled']);
    for (const f of moveEntries) expect(f.dedupeKey.endsWith(move.id)).toBe(true);
    expect(new Set(feed.map((f) => f.dedupeKey)).size).toBe(feed.length);
  });
});

function notificationLike(key: string) {
  return {
    key,
    kind: 'notification' as const,
    ruleId: key.split(':')[0]!,
    channel: 'sms' as const,
    sendAt: NOW,
    eventId: 'evt-x',
    triggerType: null,
    expectedStatusId: null,
    dueDate: null,
    deferred: false,
  };
}

describe('applyEvent: a rules_changed event (a rule changed while the order or lead is open)', () => {
  const RULES = { reminderPlanningV2: true, rulesChangedEvents: true };
  const rulesChanged = (dueDate: string | null, entity: 'order' | 'lead' = 'order') =>
    event({
      type: `${entity}.rules_changed`,
      entity,
      statusId: 'open',
      previousStatusId: 'open',
      dueDate,
      previousDueDate: dueDate,
    });
  const delayedSend = (ruleId: string): EventPlan['sends'][number] => ({
    ruleId,
    channel: 'viber',
    triggerType: 'order.created',
    sendAt: after(NOW, HOUR),
    deferred: false,
    expectedStatusId: null,
  });

  test('when a pending notification’s rule is no longer live, then it is cancelled with rule_removed and the others stay', () => {
    // Arrange
    const start = run([
      {
        event: created(null),
        plan: { ...plan(null, []), sends: [delayedSend('gone'), delayedSend('kept')] },
      },
    ]).state;

    // Act
    const { state, feed } = run(
      [{ event: rulesChanged(null), plan: { ...plan(null, []), liveRuleIds: ['kept'] }, options: RULES }],
      start,
    );

    // Assert
    expect(feed).toEqual([
      expect.objectContaining({ type: 'notification.cancelled', ruleId: 'gone', reason: 'rule_removed' }),
    ]);
    expect(state.pending.map((p) => p.ruleId)).toEqual(['kept']);
  });

  test('when a live rule’s channel changed, then its pending notification shows the new channel, without a feed entry', () => {
    // Arrange
    const start = run([
      { event: created(null), plan: { ...plan(null, []), sends: [delayedSend('kept')] } },
    ]).state;

    // Act
    const { state, feed } = run(
      [
        {
          event: rulesChanged(null),
          plan: { ...plan(null, []), liveRuleIds: ['kept'], liveRuleChannels: { kept: 'email' } },
          options: RULES,
        },
      ],
      start,
    );

    // Assert
    expect(feed).toEqual([]);
    expect(state.pending.map((p) => [p.ruleId, p.channel])).toEqual([['kept', 'email']]);
  });

  test('when the history predates the rules-changed-events patch, then pending notifications are left alone', () => {
    // Arrange
    const start = run([
      { event: created(null), plan: { ...plan(null, []), sends: [delayedSend('gone')] } },
    ]).state;

    // Act
    const { state, feed } = run(
      [{ event: rulesChanged(null), plan: { ...plan(null, []), liveRuleIds: [] }, options: V2 }],
      start,
    );

    // Assert
    expect(feed).toEqual([]);
    expect(state.pending.map((p) => p.ruleId)).toEqual(['gone']);
  });

  test('when a reminder rule was created, then the reminder is scheduled for the current due date at once', () => {
    // Arrange
    const start = run([{ event: created(DUE), plan: plan(DUE, []) }]).state;

    // Act
    const { state, feed } = run(
      [
        {
          event: rulesChanged(DUE),
          plan: { ...plan(DUE, [DAY_RULE]), liveRuleIds: ['rule-day'] },
          options: RULES,
        },
      ],
      start,
    );

    // Assert
    expect(summary(feed)).toEqual([['reminder.scheduled', 'rule-day', before(DUE, DAY), null]]);
    expect(state.pending.map((p) => p.sendAt)).toEqual([before(DUE, DAY)]);
  });

  test('when a reminder rule was removed, then its reminder is cancelled with rule_removed', () => {
    // Arrange
    const start = run([{ event: created(DUE), plan: plan(DUE, [DAY_RULE, HOUR_RULE]) }]).state;

    // Act
    const { state, feed } = run(
      [
        {
          event: rulesChanged(DUE),
          plan: { ...plan(DUE, [HOUR_RULE]), liveRuleIds: ['rule-hour'] },
          options: RULES,
        },
      ],
      start,
    );

    // Assert
    expect(summary(feed)).toEqual([['reminder.cancelled', 'rule-day', before(DUE, DAY), 'rule_removed']]);
    expect(state.pending.map((p) => p.ruleId)).toEqual(['rule-hour']);
  });

  test('when a run started afresh gets one for a reminder that passed, then nothing is reported as skipped', () => {
    // Act
    const { state, feed } = run([
      {
        event: rulesChanged(after(NOW, HOUR)),
        plan: { ...plan(after(NOW, HOUR), [DAY_RULE]), liveRuleIds: ['rule-day'] },
        options: RULES,
      },
    ]);

    // Assert
    expect(feed).toEqual([]);
    expect(state.pending).toEqual([]);
  });

  test('when a reminder already sent for this due date has its rule changed, then it is not sent again', () => {
    // Arrange
    const first = run([{ event: created(DUE), plan: plan(DUE, [DAY_RULE]) }]).state;
    const sent = completeSend(first, reminderKey('rule-day', DUE));

    // Act
    const { state, feed } = run(
      [
        {
          event: rulesChanged(DUE),
          plan: { ...plan(DUE, [['rule-day', 2 * HOUR]]), liveRuleIds: ['rule-day'] },
          at: after(before(DUE, DAY), HOUR),
          options: RULES,
        },
      ],
      sent,
    );

    // Assert
    expect(feed).toEqual([]);
    expect(state.pending).toEqual([]);
  });
});

describe('applyEvent: a due date set back to one whose reminder went out (already_sent)', () => {
  const ALREADY_SENT: ApplyOptions = { ...V2, alreadySentSkips: true };

  /** The 1-day reminder for DUE went out, then the appointment moved to LATER_DUE. */
  function movedAfterSending() {
    const created0 = run([{ event: created(DUE), plan: plan(DUE, [DAY_RULE]) }]).state;
    const sent = rememberSentReminder(
      completeSend(created0, reminderKey('rule-day', DUE)),
      reminderKey('rule-day', DUE),
    );
    const sentAt = after(before(DUE, DAY), 1000);
    return run([{ event: dueChanged(LATER_DUE, DUE), plan: plan(LATER_DUE, [DAY_RULE]), at: sentAt }], sent);
  }

  test('when the due date comes back to the one whose reminder was sent, then the feed says reminder.skipped already_sent and nothing is pending', () => {
    // Arrange
    const moved = movedAfterSending();
    const back = dueChanged(DUE, LATER_DUE);
    const at = after(before(DUE, DAY), 2000);

    // Act
    const { state, feed } = run(
      [{ event: back, plan: plan(DUE, [DAY_RULE]), at, options: ALREADY_SENT }],
      moved.state,
    );

    // Assert
    expect(state.pending).toEqual([]);
    expect(summary(feed)).toEqual([
      ['reminder.cancelled', 'rule-day', before(LATER_DUE, DAY), 'superseded'],
      ['reminder.skipped', 'rule-day', before(DUE, DAY), 'already_sent'],
    ]);
  });

  test('when the workflow asks whether an event re-plans a sent reminder, then only such an event says yes (so the patch is asked only then)', () => {
    // Arrange
    const moved = movedAfterSending();

    // Act & Assert
    expect(replansSentReminder(moved.state, dueChanged(DUE, LATER_DUE), plan(DUE, [DAY_RULE]))).toBe(true);
    expect(
      replansSentReminder(moved.state, statusChanged('ready', LATER_DUE), plan(LATER_DUE, [DAY_RULE])),
    ).toBe(false);
    expect(replansSentReminder(initialState(), dueChanged(DUE, null), plan(DUE, [DAY_RULE]))).toBe(false);
  });

  test('when the option is off (histories from before the patch), then the sent reminder is planned again as before', () => {
    // Arrange
    const moved = movedAfterSending();

    // Act
    const { state } = run(
      [{ event: dueChanged(DUE, LATER_DUE), plan: plan(DUE, [DAY_RULE]), at: NOW }],
      moved.state,
    );

    // Assert
    expect(state.pending).toEqual([expect.objectContaining({ key: reminderKey('rule-day', DUE) })]);
  });
});

describe('deferred sends and a location whose hours change', () => {
  const LOCATION_CHANGED: ApplyOptions = { ...V2, locationChangedEvents: true };
  const opening = '2027-01-11T09:00:00.000Z';
  const notBefore = after(NOW, HOUR);

  function deferredState() {
    const orderCreated = event({ type: 'order.created' });
    return run([
      {
        event: orderCreated,
        plan: {
          sends: [
            {
              ruleId: 'rule-wh',
              channel: 'sms',
              triggerType: 'order.created',
              sendAt: opening,
              deferred: true,
              notBefore,
              expectedStatusId: null,
            },
          ],
          reminders: [],
          statusIsFinal: false,
        },
      },
    ]);
  }

  test('when a send is deferred to the opening, then it is pending with its earliest time kept and the feed says outside_working_hours', () => {
    // Act
    const { state, feed } = deferredState();

    // Assert
    expect(state.pending).toEqual([expect.objectContaining({ sendAt: opening, deferred: true, notBefore })]);
    expect(feed).toEqual([
      expect.objectContaining({ type: 'notification.scheduled', reason: 'outside_working_hours' }),
    ]);
  });

  test('when the location changes its hours, then a deferred send comes back to its earliest time (to be checked against the new hours at send time)', () => {
    // Arrange
    const { state: state0 } = deferredState();
    const changedAt = after(NOW, 2 * HOUR);

    // Act
    const { state, feed } = run(
      [
        {
          event: event({ type: 'order.location_changed' }),
          plan: { sends: [], reminders: [], statusIsFinal: false },
          at: changedAt,
          options: LOCATION_CHANGED,
        },
      ],
      state0,
    );

    // Assert: the earliest time has passed, so it is due at once.
    expect(state.pending).toEqual([expect.objectContaining({ sendAt: changedAt, deferred: true })]);
    expect(feed).toEqual([]);
  });

  test('when a send found outside working hours at send time is deferred, then it is pending again at the opening with its earliest time', () => {
    // Arrange
    const { state: state0 } = deferredState();
    const [send] = state0.pending;
    const taken = takeSend(state0, send!.key);

    // Act
    const state = deferSend(taken, send!, '2027-01-12T09:00:00.000Z');

    // Assert
    expect(taken.pending).toEqual([]);
    expect(state.pending).toEqual([
      expect.objectContaining({
        key: notificationKey('rule-wh', send!.eventId),
        sendAt: '2027-01-12T09:00:00.000Z',
        notBefore,
      }),
    ]);
  });
});
