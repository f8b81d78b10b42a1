/**
 * How an order's or lead's pending messages change when an event arrives: pure and deterministic, so the
 * workflow stays a thin loop and every rule about cancelling, moving and skipping is unit-tested here.
 */
import type { EventPlan } from '../workflows/plan';
import type { EntityWorkflowState, FeedWrite, PendingSend } from '../workflows/definitions';
import type { EntityEvent, Reason } from './types';

export interface EventOutcome {
  state: EntityWorkflowState;
  feed: FeedWrite[];
}

export const SEEN_EVENT_IDS_KEPT = 200;

export function initialState(): EntityWorkflowState {
  return { pending: [], seenEventIds: [], completedKeys: [], statusId: null, dueDate: null, closed: false };
}

export const reminderKey = (ruleId: string, dueDate: string) => `${ruleId}:reminder:${dueDate}`;
export const notificationKey = (ruleId: string, eventId: string) => `${ruleId}:${eventId}`;

function entryType(send: PendingSend, what: 'scheduled' | 'cancelled' | 'skipped' | 'rescheduled') {
  return `${send.kind}.${what}`;
}

function cancelled(send: PendingSend, reason: Reason, at: string): FeedWrite {
  return {
    dedupeKey: `${send.key}:cancelled`,
    at,
    type: entryType(send, 'cancelled'),
    ruleId: send.ruleId,
    channel: send.channel,
    scheduledFor: send.sendAt,
    reason,
  };
}

export function applyEvent(
  current: EntityWorkflowState,
  event: EntityEvent,
  plan: EventPlan,
  nowIso: string,
): EventOutcome {
  const now = Date.parse(nowIso);
  const feed: FeedWrite[] = [];
  let pending = [...current.pending];
  let completedKeys = [...current.completedKeys];
  const cancel = (predicate: (p: PendingSend) => boolean, reason: Reason) => {
    pending = pending.filter((p) => {
      if (!predicate(p)) return true;
      feed.push(cancelled(p, reason, nowIso));
      return false;
    });
  };

  const statusChanged = event.type.endsWith('status_changed');
  if (statusChanged) {
    cancel(
      (p) => p.kind === 'notification' && !!p.expectedStatusId && p.expectedStatusId !== event.statusId,
      'stale_status',
    );
  }
  if (event.type === 'order.due_date_changed') {
    cancel((p) => p.kind === 'notification' && p.triggerType === 'order.due_date_changed', 'superseded');
  }

  for (const planned of plan.sends) {
    const send: PendingSend = {
      key: notificationKey(planned.ruleId, event.id),
      kind: 'notification',
      ruleId: planned.ruleId,
      channel: planned.channel,
      sendAt: planned.sendAt,
      eventId: event.id,
      triggerType: planned.triggerType,
      expectedStatusId: planned.expectedStatusId,
      dueDate: event.dueDate,
      deferred: planned.deferred,
    };
    pending.push(send);
    // Only a send that waits gets a "scheduled" entry; an immediate one shows up as sent.
    if (Date.parse(send.sendAt) > now) {
      feed.push({
        dedupeKey: `${send.key}:scheduled`,
        at: nowIso,
        type: entryType(send, 'scheduled'),
        ruleId: send.ruleId,
        channel: send.channel,
        scheduledFor: send.sendAt,
        reason: send.deferred ? 'outside_working_hours' : null,
      });
    }
  }

  if (plan.reminders) {
    const reminders = reconcileReminders(pending, completedKeys, event, plan, nowIso);
    pending = reminders.pending;
    completedKeys = reminders.completedKeys;
    feed.push(...reminders.feed);
  }

  return {
    state: {
      ...current,
      pending,
      completedKeys,
      seenEventIds: [...current.seenEventIds, event.id].slice(-SEEN_EVENT_IDS_KEPT),
      statusId: event.statusId ?? current.statusId,
      dueDate: event.entity === 'order' ? event.dueDate : current.dueDate,
      closed: plan.statusIsFinal,
    },
    feed,
  };
}

function reconcileReminders(
  pendingIn: PendingSend[],
  completedIn: string[],
  event: EntityEvent,
  plan: EventPlan,
  nowIso: string,
) {
  const now = Date.parse(nowIso);
  const feed: FeedWrite[] = [];
  const others = pendingIn.filter((p) => p.kind !== 'reminder');
  const reminders = pendingIn.filter((p) => p.kind === 'reminder');
  // Reminders already sent or skipped for another due date no longer block a new one.
  let completedKeys = completedIn.filter(
    (k) => event.dueDate !== null && k.endsWith(`:reminder:${event.dueDate}`),
  );

  const closeReason: Reason | null = plan.statusIsFinal
    ? 'order_closed'
    : event.dueDate === null
      ? 'due_date_cleared'
      : null;
  if (closeReason) {
    for (const r of reminders) feed.push(cancelled(r, closeReason, nowIso));
    return { pending: others, completedKeys: closeReason === 'order_closed' ? completedIn : [], feed };
  }
  const dueDate = event.dueDate!;

  const next: PendingSend[] = [];
  for (const planned of plan.reminders ?? []) {
    const key = reminderKey(planned.ruleId, dueDate);
    const existing = reminders.find((r) => r.ruleId === planned.ruleId);
    if (completedKeys.includes(key) && !existing) continue;
    const reminder: PendingSend = {
      key,
      kind: 'reminder',
      ruleId: planned.ruleId,
      channel: planned.channel,
      sendAt: planned.sendAt,
      eventId: event.id,
      triggerType: null,
      expectedStatusId: null,
      dueDate,
      deferred: false,
    };
    const base = {
      at: nowIso,
      ruleId: planned.ruleId,
      channel: planned.channel,
      scheduledFor: planned.sendAt,
    };
    if (Date.parse(planned.sendAt) <= now) {
      if (existing) feed.push(cancelled(existing, 'superseded', nowIso));
      feed.push({
        ...base,
        dedupeKey: `${key}:skipped`,
        type: 'reminder.skipped',
        reason: 'reminder_time_passed',
      });
      completedKeys = [...completedKeys, key];
      continue;
    }
    if (!existing) {
      feed.push({ ...base, dedupeKey: `${key}:scheduled`, type: 'reminder.scheduled', reason: null });
    } else if (existing.sendAt !== planned.sendAt || existing.key !== key) {
      feed.push({
        ...base,
        dedupeKey: `${key}:rescheduled:${existing.sendAt}`,
        type: 'reminder.rescheduled',
        reason: null,
        data: { previousScheduledFor: existing.sendAt },
      });
    } else {
      next.push(existing);
      continue;
    }
    next.push(reminder);
  }
  for (const r of reminders) {
    if (!plan.reminders!.some((p) => p.ruleId === r.ruleId)) feed.push(cancelled(r, 'rule_removed', nowIso));
  }
  return { pending: [...others, ...next], completedKeys, feed };
}

/** Marks a pending send done (sent, skipped or failed) so the same reminder is not planned again. */
export function completeSend(state: EntityWorkflowState, key: string): EntityWorkflowState {
  return {
    ...state,
    pending: state.pending.filter((p) => p.key !== key),
    completedKeys: key.includes(':reminder:') ? [...state.completedKeys, key] : state.completedKeys,
  };
}
