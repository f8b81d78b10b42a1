/**
 * How an order's or lead's pending messages change when an event arrives: pure and deterministic, so the
 * workflow stays a thin loop and every rule about cancelling, moving and skipping is unit-tested here.
 */
import type { EventPlan } from './event-plan';
import type { EntityWorkflowState, FeedWrite, PendingSend } from './engine-state';
import { isRulesChangedEvent } from './rule-matching';
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

/** Behaviour changes the workflow turns on behind a patch, so histories recorded before them replay. */
export interface ApplyOptions {
  /**
   * Reminder fixes of the workflow patch 'reminder-planning-v2': a reminder already due but not yet sent
   * when an event arrives still goes out; a run started afresh does not report reminders of a due date it
   * never saw as skipped.
   */
  reminderPlanningV2?: boolean;
  /**
   * Workflow patch 'rules-changed-events': a `rules_changed` event cancels pending notifications of rules
   * that no longer apply (reminders are re-planned by the usual reconciliation).
   */
  rulesChangedEvents?: boolean;
  /**
   * Workflow patch 'already-sent-skips': a due date set back to one whose reminder already went out says
   * so (`reminder.skipped`, `already_sent`) instead of planning it again or saying nothing.
   */
  alreadySentSkips?: boolean;
  /**
   * Workflow patch 'location-changed-events': an `order.location_changed` event (the location's hours or
   * zone changed) brings deferred sends back to their earliest time, to be checked against the new hours.
   */
  locationChangedEvents?: boolean;
  /**
   * Workflow patch 'debounce': a planned send of a debouncing rule supersedes that rule's sends still
   * held for this entity (`superseded`), so a status flipped three times in a minute sends once.
   */
  debounce?: boolean;
}

/** Reminders kept in `sentReminderKeys`: enough for any order's due-date history that matters. */
export const SENT_REMINDER_KEYS_KEPT = 100;

export function applyEvent(
  current: EntityWorkflowState,
  event: EntityEvent,
  plan: EventPlan,
  nowIso: string,
  options: ApplyOptions = {},
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
  if (options.rulesChangedEvents && isRulesChangedEvent(event) && plan.liveRuleIds) {
    const live = new Set(plan.liveRuleIds);
    cancel((p) => p.kind === 'notification' && !live.has(p.ruleId), 'rule_removed');
    // What is pending shows the channel it will go out on (delivery uses the rule's channel then anyway).
    const channels = plan.liveRuleChannels ?? {};
    pending = pending.map((p) =>
      p.kind === 'notification' && !p.fallback && channels[p.ruleId]
        ? { ...p, channel: channels[p.ruleId]! }
        : p,
    );
  }

  if (options.locationChangedEvents && event.type === 'order.location_changed') {
    pending = pending.map((p) =>
      p.deferred
        ? { ...p, sendAt: new Date(Math.max(now, Date.parse(p.notBefore ?? nowIso))).toISOString() }
        : p,
    );
  }

  if (options.debounce) {
    const debouncing = new Set(plan.sends.filter((s) => s.debounced).map((s) => s.ruleId));
    cancel((p) => p.kind === 'notification' && !p.fallback && debouncing.has(p.ruleId), 'superseded');
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
      ...(planned.deferred && planned.notBefore ? { notBefore: planned.notBefore } : {}),
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
    const reminders = reconcileReminders(
      pending,
      completedKeys,
      current.sentReminderKeys ?? [],
      event,
      plan,
      nowIso,
      current.dueDate,
      options,
    );
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
  sentReminderKeys: string[],
  event: EntityEvent,
  plan: EventPlan,
  nowIso: string,
  knownDueDate: string | null,
  options: ApplyOptions,
) {
  const now = Date.parse(nowIso);
  const feed: FeedWrite[] = [];
  // A reminder's fallback is judged at its own send time, not re-planned with the reminders.
  const isReminder = (p: PendingSend) => p.kind === 'reminder' && !p.fallback;
  const others = pendingIn.filter((p) => !isReminder(p));
  const reminders = pendingIn.filter(isReminder);
  // A reminder can be scheduled, cancelled and scheduled again (due date cleared and set back, order
  // reopened, rule re-enabled): each event's entries are its own, so none is swallowed as a duplicate.
  const dedupeKey = (key: string, what: string) => `${key}:${what}:${event.id}`;
  const cancel = (r: PendingSend, reason: Reason): FeedWrite => ({
    ...cancelled(r, reason, nowIso),
    dedupeKey: dedupeKey(r.key, 'cancelled'),
  });
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
    for (const r of reminders) feed.push(cancel(r, closeReason));
    return { pending: others, completedKeys: closeReason === 'order_closed' ? completedIn : [], feed };
  }
  const dueDate = event.dueDate!;
  // A run started afresh (the previous one completed while idle) learns the due date from a status change
  // and cannot tell a reminder it already sent from one it never had: it does not report those as skipped.
  const unknownDueDate =
    !!options.reminderPlanningV2 &&
    (event.type === 'order.status_changed' || isRulesChangedEvent(event)) &&
    knownDueDate !== dueDate;

  const next: PendingSend[] = [];
  for (const planned of plan.reminders ?? []) {
    const key = reminderKey(planned.ruleId, dueDate);
    const existing = reminders.find((r) => r.ruleId === planned.ruleId);
    if (completedKeys.includes(key) && !existing) continue;
    if (options.alreadySentSkips && sentReminderKeys.includes(key)) {
      // The due date came back to one whose reminder went out: said once, never sent twice.
      completedKeys = [...completedKeys, key];
      if (existing) feed.push(cancel(existing, 'superseded'));
      feed.push({
        at: nowIso,
        ruleId: planned.ruleId,
        channel: planned.channel,
        scheduledFor: planned.sendAt,
        dedupeKey: dedupeKey(key, 'skipped'),
        type: 'reminder.skipped',
        reason: 'already_sent',
      });
      continue;
    }
    const base = {
      at: nowIso,
      ruleId: planned.ruleId,
      channel: planned.channel,
      scheduledFor: planned.sendAt,
    };
    const unchanged = existing && existing.key === key && existing.sendAt === planned.sendAt;
    if (unchanged && (Date.parse(planned.sendAt) > now || options.reminderPlanningV2)) {
      // Unchanged, even if already due (the event came in before it was sent): it still goes out.
      // The rule's current channel applies from this event on.
      next.push({ ...existing!, channel: planned.channel });
      continue;
    }
    const moved = existing ? { previousScheduledFor: existing.sendAt } : undefined;
    if (Date.parse(planned.sendAt) <= now) {
      completedKeys = [...completedKeys, key];
      if (!existing && unknownDueDate) continue;
      feed.push({
        ...base,
        dedupeKey: dedupeKey(key, 'skipped'),
        type: 'reminder.skipped',
        reason: 'reminder_time_passed',
        ...(moved ? { data: moved } : {}),
      });
      continue;
    }
    if (!existing) {
      feed.push({
        ...base,
        dedupeKey: dedupeKey(key, 'scheduled'),
        type: 'reminder.scheduled',
        reason: null,
      });
    } else {
      feed.push({
        ...base,
        dedupeKey: dedupeKey(key, 'rescheduled'),
        type: 'reminder.rescheduled',
        reason: null,
        data: moved,
      });
    }
    next.push({
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
    });
  }
  for (const r of reminders) {
    if (!plan.reminders!.some((p) => p.ruleId === r.ruleId)) feed.push(cancel(r, 'rule_removed'));
  }
  return { pending: [...others, ...next], completedKeys, feed };
}

/** True when this event would re-plan a reminder that already went out (the workflow asks its patch then). */
export function replansSentReminder(
  state: EntityWorkflowState,
  event: EntityEvent,
  plan: EventPlan,
): boolean {
  const sent = state.sentReminderKeys ?? [];
  if (sent.length === 0 || !plan.reminders || event.dueDate === null) return false;
  return plan.reminders.some((r) => {
    const key = reminderKey(r.ruleId, event.dueDate!);
    return sent.includes(key) && !state.completedKeys.includes(key);
  });
}

/** A reminder went out: remembered beyond its due date, so setting that due date again cannot resend it. */
export function rememberSentReminder(state: EntityWorkflowState, key: string): EntityWorkflowState {
  if (!key.includes(':reminder:')) return state;
  const sent = (state.sentReminderKeys ?? []).filter((k) => k !== key);
  return { ...state, sentReminderKeys: [...sent, key].slice(-SENT_REMINDER_KEYS_KEPT) };
}

/** Takes a due send out of what is pending while it is being sent (it can no longer be moved or cancelled). */
export function takeSend(state: EntityWorkflowState, key: string): EntityWorkflowState {
  return completeSend(state, key);
}

/** A send found outside working hours at send time waits again, for the location's next opening. */
export function deferSend(
  state: EntityWorkflowState,
  send: PendingSend,
  sendAt: string,
): EntityWorkflowState {
  const notBefore = send.notBefore ?? send.sendAt;
  return {
    ...state,
    pending: [
      ...state.pending.filter((p) => p.key !== send.key),
      { ...send, sendAt, deferred: true, notBefore },
    ],
    completedKeys: state.completedKeys.filter((k) => k !== send.key),
  };
}

/** A fallback joins what is pending (once: a fallback never stands in twice for one primary). */
export function addFallback(state: EntityWorkflowState, fallback: PendingSend): EntityWorkflowState {
  if (state.pending.some((p) => p.key === fallback.key)) return state;
  return { ...state, pending: [...state.pending, fallback] };
}

/** Marks a pending send done (sent, skipped or failed) so the same reminder is not planned again. */
export function completeSend(state: EntityWorkflowState, key: string): EntityWorkflowState {
  return {
    ...state,
    pending: state.pending.filter((p) => p.key !== key),
    completedKeys: key.includes(':reminder:') ? [...state.completedKeys, key] : state.completedKeys,
  };
}
