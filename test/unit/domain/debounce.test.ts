import type { EntityWorkflowState, FeedWrite } from '../../../src/domain/engine-state';
import type { EventPlan, PlannedNotification } from '../../../src/domain/event-plan';
import { addFallback, applyEvent, initialState, type ApplyOptions } from '../../../src/domain/pending-sends';
import type { EntityEvent } from '../../../src/domain/types';

const T0 = Date.parse('2027-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DEBOUNCE: ApplyOptions = { reminderPlanningV2: true, debounce: true };

let seq = 0;
function statusChanged(statusId: string, previousStatusId: string, atMs: number): EntityEvent {
  seq += 1;
  return {
    id: `evt-${seq}`,
    type: 'order.status_changed',
    entity: 'order',
    entityId: 'order-1',
    companyId: 'company-1',
    at: iso(atMs),
    statusId,
    previousStatusId,
    dueDate: null,
    previousDueDate: null,
  };
}

/** A status rule's send held for two minutes after the event. */
function held(ruleId: string, atMs: number, debounced = true): PlannedNotification {
  return {
    ruleId,
    channel: 'sms',
    triggerType: 'order.status_changed',
    sendAt: iso(atMs + 120_000),
    deferred: false,
    expectedStatusId: null,
    ...(debounced ? { debounced: true } : {}),
  };
}

const plan = (...sends: PlannedNotification[]): EventPlan => ({ sends, reminders: [], statusIsFinal: false });

function run(
  steps: { event: EntityEvent; plan: EventPlan }[],
  options: ApplyOptions,
  start = initialState(),
) {
  let state: EntityWorkflowState = start;
  const feed: FeedWrite[] = [];
  for (const { event, plan: p } of steps) {
    const outcome = applyEvent(state, event, p, event.at, options);
    state = outcome.state;
    feed.push(...outcome.feed);
  }
  return { state, feed };
}

const flips = () => {
  const at = [T0, T0 + 20_000, T0 + 40_000];
  const events = [
    statusChanged('b', 'a', at[0]!),
    statusChanged('c', 'b', at[1]!),
    statusChanged('d', 'c', at[2]!),
  ];
  return { at, events };
};

describe('applyEvent: debounce (a newer event of the same rule supersedes its held send)', () => {
  test('when the status flips three times within the hold, then two held sends are superseded and only the last is pending', () => {
    // Arrange
    const { at, events } = flips();

    // Act
    const { state, feed } = run(
      events.map((event, i) => ({ event, plan: plan(held('rule-1', at[i]!)) })),
      DEBOUNCE,
    );

    // Assert
    expect(feed.filter((f) => f.type === 'notification.cancelled')).toEqual([
      expect.objectContaining({
        ruleId: 'rule-1',
        reason: 'superseded',
        scheduledFor: iso(at[0]! + 120_000),
      }),
      expect.objectContaining({
        ruleId: 'rule-1',
        reason: 'superseded',
        scheduledFor: iso(at[1]! + 120_000),
      }),
    ]);
    expect(state.pending).toEqual([
      expect.objectContaining({ ruleId: 'rule-1', eventId: events[2]!.id, sendAt: iso(at[2]! + 120_000) }),
    ]);
  });

  test('when the rule does not debounce, then every event keeps its own send', () => {
    const { at, events } = flips();

    const { state, feed } = run(
      events.map((event, i) => ({ event, plan: plan(held('rule-1', at[i]!, false)) })),
      DEBOUNCE,
    );

    expect(feed.filter((f) => f.type === 'notification.cancelled')).toEqual([]);
    expect(state.pending).toHaveLength(3);
  });

  test('when another rule fires, then the held send of the debouncing rule stays', () => {
    const { at, events } = flips();

    const { state } = run(
      [
        { event: events[0]!, plan: plan(held('rule-1', at[0]!)) },
        { event: events[1]!, plan: plan(held('rule-2', at[1]!)) },
      ],
      DEBOUNCE,
    );

    expect(state.pending.map((p) => p.ruleId)).toEqual(['rule-1', 'rule-2']);
  });

  test('when the history predates the debounce patch, then nothing is superseded', () => {
    const { at, events } = flips();

    const { state } = run(
      events.map((event, i) => ({ event, plan: plan(held('rule-1', at[i]!)) })),
      { reminderPlanningV2: true },
    );

    expect(state.pending).toHaveLength(3);
  });

  test('when the rule’s earlier message went out and its fallback waits for a delivery report, then a newer event leaves the fallback alone', () => {
    // Arrange
    const { at, events } = flips();
    const start = addFallback(initialState(), {
      ...held('rule-1', at[0]!),
      key: 'rule-1:evt-0:fallback',
      kind: 'notification',
      eventId: 'evt-0',
      dueDate: null,
      channel: 'email',
      fallback: { of: 'd-1', unlessDelivered: true },
    });

    // Act
    const { state, feed } = run([{ event: events[1]!, plan: plan(held('rule-1', at[1]!)) }], DEBOUNCE, start);

    // Assert
    expect(feed.filter((f) => f.type === 'notification.cancelled')).toEqual([]);
    expect(state.pending.map((p) => p.key)).toEqual(['rule-1:evt-0:fallback', `rule-1:${events[1]!.id}`]);
  });
});
