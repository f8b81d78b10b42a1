/**
 * The loop shared by the order and lead workflows: take events in, let the pure planner decide what is
 * pending, sleep until the next send (a timer that events can re-arm), send, and continue as new before
 * the history grows large.
 */
import {
  ActivityFailure,
  type ActivityOptions,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EngineActivities } from '../activities';
import { callsForFallback, fallbackFor, type SendSettlement } from '../domain/fallback';
import {
  addFallback,
  applyEvent,
  completeSend,
  deferSend,
  initialState,
  rememberSentReminder,
  replansSentReminder,
  takeSend,
} from '../domain/pending-sends';
import { isRulesChangedEvent } from '../domain/rule-matching';
import type { Channel, EntityEvent } from '../domain/types';
import { StatusIdKey } from '../temporal/search-attributes';
import {
  engineStateQuery,
  entityEventSignal,
  pendingSendsQuery,
  sendTaskQueue,
  type EntityWorkflowInput,
  type SignalledEvent,
} from './definitions';
import type { EntityWorkflowState, PendingSend } from '../domain/engine-state';
import { patchGate, type EntityPatch } from './patches';

type PatchCheck = (id: EntityPatch) => boolean;

type Activities = EngineActivities;

/** Reads and feed writes: quick, retried until they succeed (the database may be briefly away). */
const STORAGE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

/** Planning an event: bounded, so an event that cannot be planned ends visibly instead of stalling the order. */
const PLANNING = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 12,
  },
} as const;

/**
 * Since `local-activities`, the short database steps run as local activities, in the workflow task that
 * needs them: no task queue and no extra workflow task per step, so an event costs one workflow task
 * fewer and its send starts sooner (docs/performance.md). Histories from before keep remote activities.
 */
const remote = {
  storage: proxyActivities<Activities>(STORAGE),
  planning: proxyActivities<Activities>(PLANNING),
};
const local = {
  storage: proxyLocalActivities<Activities>(STORAGE),
  planning: proxyLocalActivities<Activities>(PLANNING),
};
const stepsFor = (has: PatchCheck) => (has('local-activities') ? local : remote);

/**
 * Sends: bounded retries with backoff for transient provider errors; permanent ones never retry. The
 * deadline covers the provider's own 20 s timeout; an attempt whose outcome is unknown asks for its
 * next try at the time the provider may be asked about it (`nextRetryDelay`).
 */
const SENDING: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: ['PermanentProviderError'],
  },
};
const sending = proxyActivities<Activities>(SENDING);

/**
 * Since `paced-sends`, a send waits in its channel's task queue, which workers poll at the provider
 * account's rate: a burst drains at that rate instead of meeting the provider's 429s. The wait in the
 * queue is not part of the send's deadline (no schedule-to-start limit). A channel the latest plan says
 * is not paced sends from the workflow's own queue, where the server hands the activity back with the
 * workflow task's completion instead of through another queue's poll; with no such plan yet (histories
 * from before, or just after continue-as-new), every send takes its channel's queue.
 */
function sendingOn(
  has: PatchCheck,
  channel: Channel,
  pacedChannels: readonly Channel[] | undefined,
): typeof sending {
  if (!has('paced-sends')) return sending;
  if (pacedChannels && !pacedChannels.includes(channel)) return sending;
  return proxyActivities<Activities>({
    ...SENDING,
    taskQueue: sendTaskQueue(workflowInfo().taskQueue, channel),
  });
}

const DEFAULT_MAX_HISTORY = 10_000;
/** An entity with nothing pending and no news for this long lets its workflow complete. */
const IDLE_COMPLETION = '30 days';

export async function runEntityNotifications(input: EntityWorkflowInput): Promise<void> {
  const { companyId, entity, entityId } = input;
  const workflowId = workflowInfo().workflowId;
  const { has, startedPatched } = patchGate(input.patchedThrough);
  const steps = () => stepsFor(has);
  let state: EntityWorkflowState = input.state ?? initialState();
  const inbox: SignalledEvent[] = [];
  /** Sends under way (their retries included), by key, and the outcomes that came back from them. */
  const inFlight = new Set<string>();
  const settled: { send: PendingSend; outcome: SendSettlement | { deferredTo: string } }[] = [];
  /** The paced channels as the latest plan found them (see `sendingOn`). */
  let pacedChannels: Channel[] | undefined;

  setHandler(entityEventSignal, (event) => {
    inbox.push(event);
  });
  setHandler(pendingSendsQuery, () =>
    state.pending
      .map((p) => ({
        kind: p.kind,
        ruleId: p.ruleId,
        channel: p.channel,
        scheduledFor: p.sendAt,
        deferred: p.deferred,
        ...(p.fallback ? { fallbackOf: p.fallback.of } : {}),
      }))
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor)),
  );

  setHandler(engineStateQuery, () => state);

  const ref = (send: PendingSend) => ({ companyId, entity, entityId, workflowId, send });
  /** Answers the delivery and the rule's fallback (nothing in histories from before channel fallback). */
  const recordFailure = async (send: PendingSend, err: ActivityFailure) =>
    (await steps().storage.recordDeliveryFailure({
      ...ref(send),
      message: err.cause?.message ?? err.message,
    })) as Awaited<ReturnType<Activities['recordDeliveryFailure']>> | undefined;

  /** Before the send path split: one activity checks, sends and records. */
  const legacySend = async (pendingSend: PendingSend): Promise<LegacyResult> => {
    try {
      return (await sending.deliver(ref(pendingSend))).outcome;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      await recordFailure(pendingSend, err);
      return 'failed';
    }
  };

  /**
   * One send: an attempt (retried, reconciled with the provider when its outcome is unknown), then the
   * provider's acceptance recorded by an activity of its own, so a database error cannot cause a resend.
   */
  const send = async (pendingSend: PendingSend): Promise<SendSettlement | { deferredTo: string }> => {
    let result;
    try {
      result = await sendingOn(has, pendingSend.channel, pacedChannels).sendMessage({
        ...ref(pendingSend),
        at: new Date(Date.now()).toISOString(),
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const failure = await recordFailure(pendingSend, err);
      return {
        outcome: 'failed',
        reason: 'provider_error',
        deliveryId: failure?.deliveryId ?? null,
        fallback: failure?.fallback,
      };
    }
    if (result.outcome === 'deferred') return { deferredTo: result.sendAt };
    if (result.outcome === 'accepted') {
      // Recorded with what it was recorded with before channel fallback (the fallback is the workflow's).
      const { fallback, reportsDelivery, ...accepted } = result;
      await steps().storage.recordSent({ ...ref(pendingSend), ...accepted });
      return { outcome: 'sent', deliveryId: accepted.deliveryId, reportsDelivery, fallback };
    }
    return result;
  };

  const startSend = (pendingSend: PendingSend) => {
    inFlight.add(pendingSend.key);
    state = takeSend(state, pendingSend.key);
    void send(pendingSend).then((outcome) => {
      inFlight.delete(pendingSend.key);
      settled.push({ send: pendingSend, outcome });
    });
  };

  /** A finished send that makes something pending again: it came back deferred, or calls for its fallback. */
  const pendsAgain = ({ send: done, outcome }: (typeof settled)[number]) =>
    'deferredTo' in outcome || callsForFallback(done, outcome);

  /** Folds finished sends into the state; true when one of them made something pending again. */
  const applySettled = () => {
    let pendingAgain = false;
    for (const { send: done, outcome } of settled.splice(0)) {
      if ('deferredTo' in outcome) {
        state = deferSend(state, done, outcome.deferredTo);
        pendingAgain = true;
        continue;
      }
      if (outcome.outcome === 'sent' && !done.fallback) state = rememberSentReminder(state, done.key);
      const fallback = fallbackFor(done, outcome, new Date(Date.now()).toISOString());
      if (fallback && has('channel-fallback')) {
        state = addFallback(state, fallback);
        pendingAgain = true;
      }
    }
    return pendingAgain;
  };

  for (;;) {
    const redeferred = applySettled();
    while (inbox.length > 0) {
      const { plan: planned, ...event } = inbox.shift()!;
      if (state.seenEventIds.includes(event.id)) continue;
      // Since `plans-with-events`, an event the relay planned is not planned again here.
      const plan = planned && has('plans-with-events') ? planned : await planOrReport(event);
      if (!plan) {
        state = { ...state, seenEventIds: [...state.seenEventIds, event.id] };
        continue;
      }
      if (plan.pacedChannels) pacedChannels = plan.pacedChannels;
      const outcome = applyEvent(state, event, plan, new Date(Date.now()).toISOString(), {
        reminderPlanningV2: entity === 'order' && has('reminder-planning-v2'),
        // Only new histories hold rules_changed events, so the patch marker is only ever asked for there.
        rulesChangedEvents: isRulesChangedEvent(event) && has('rules-changed-events'),
        alreadySentSkips: replansSentReminder(state, event, plan) && has('already-sent-skips'),
        locationChangedEvents: event.type === 'order.location_changed' && has('location-changed-events'),
        debounce: plan.sends.some((s) => s.debounced) && has('debounce'),
      });
      if (outcome.feed.length > 0)
        await steps().storage.writeFeed({ companyId, entity, entityId, entries: outcome.feed });
      const shownStatus = workflowInfo().typedSearchAttributes.get(StatusIdKey);
      // A run started with every patch upserts only a status the search attribute does not show yet
      // (the first event's came with the start); older runs upsert as they did.
      const statusToShow = startedPatched
        ? event.statusId !== shownStatus
        : event.statusId !== state.statusId;
      if (event.statusId && statusToShow && shownStatus) {
        upsertSearchAttributes([{ key: StatusIdKey, value: event.statusId }] as never);
      }
      state = outcome.state;
    }

    const due = state.pending.filter((p) => Date.parse(p.sendAt) <= Date.now());
    if (due.length > 0) {
      // A send that retries runs beside the loop, so newer events are planned (and can cancel) meanwhile.
      if (has('send-path-v2')) {
        due.forEach(startSend);
        continue;
      }
      const outcomes = await Promise.all(due.map(legacySend));
      due.forEach((done, i) => {
        state = completeSend(state, done.key);
        if (outcomes[i] === 'sent') state = rememberSentReminder(state, done.key);
      });
      continue;
    }

    const info = workflowInfo();
    // Not with sends under way (they would be lost with the run), nor right after a wake-up that cancelled
    // the timer: a timer cancelled in the same task as continue-as-new is refused by some servers.
    if (
      inFlight.size === 0 &&
      !redeferred &&
      (info.continueAsNewSuggested || info.historyLength > (input.maxHistoryLength ?? DEFAULT_MAX_HISTORY))
    ) {
      await continueAsNew<(i: EntityWorkflowInput) => Promise<void>>({ ...input, state });
    }

    // A finished send wakes the loop only when it makes something pending again (deferred, or its
    // fallback), or when it was the last thing under way; the others are folded in at the next wake-up.
    const woken = () => inbox.length > 0 || settled.some(pendsAgain);
    // The one timer always runs to the earliest pending send, so the timer the Web UI shows is that send.
    const first = earliest(state.pending);
    if (first) {
      await condition(woken, Math.max(Date.parse(first.sendAt) - Date.now(), 1), {
        summary: `next: ${first.kind} ${first.channel} (rule ${first.ruleId}) at ${first.sendAt}`,
      });
    } else if (inFlight.size > 0) {
      await condition(() => woken() || inFlight.size === 0);
    } else if (
      !(await condition(woken, IDLE_COMPLETION)) &&
      // An event that came in as the idle timer fired must not be dropped with the run.
      (inbox.length === 0 || !has('idle-completion-keeps-late-events'))
    ) {
      return;
    }
  }

  /** The event's plan, or null when planning kept failing: that is said in the feed, and the order goes on. */
  async function planOrReport(event: EntityEvent) {
    try {
      return await steps().planning.planEvent({ companyId, entity, entityId, event });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      await steps().storage.writeFeed({
        companyId,
        entity,
        entityId,
        entries: [
          planningFailed(event, err.cause?.message ?? err.message, new Date(Date.now()).toISOString()),
        ],
      });
      return null;
    }
  }
}

type LegacyResult = 'sent' | 'failed' | 'skipped' | 'cancelled';

function planningFailed(event: EntityEvent, message: string, at: string) {
  return {
    dedupeKey: `${event.id}:planning_failed`,
    at,
    type: 'event.planning_failed',
    ruleId: null,
    channel: null,
    scheduledFor: null,
    reason: 'planning_failed' as const,
    data: { eventId: event.id, eventType: event.type, error: message },
  };
}

function earliest(pending: PendingSend[]): PendingSend | undefined {
  return pending.reduce<PendingSend | undefined>(
    (first, p) => (!first || Date.parse(p.sendAt) < Date.parse(first.sendAt) ? p : first),
    undefined,
  );
}
