/**
 * The loop shared by the order and lead workflows: take events in, let the pure planner decide what is
 * pending, sleep until the next send (a timer that events can re-arm), send, and continue as new before
 * the history grows large.
 */
import {
  ActivityFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EngineActivities } from '../activities';
import { applyEvent, completeSend, initialState } from '../domain/pending-sends';
import { isRulesChangedEvent } from '../domain/rule-matching';
import type { EntityEvent } from '../domain/types';
import { StatusIdKey } from '../temporal/search-attributes';
import { entityEventSignal, pendingSendsQuery, type EntityWorkflowInput } from './definitions';
import type { EntityWorkflowState, PendingSend } from '../domain/engine-state';

type Activities = EngineActivities;

/** Reads and feed writes: quick, retried until they succeed (the database may be briefly away). */
const storage = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Sends: bounded retries with backoff for transient provider errors; permanent ones never retry. */
const sending = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: ['PermanentProviderError'],
  },
});

const DEFAULT_MAX_HISTORY = 10_000;
/** An entity with nothing pending and no news for this long lets its workflow complete. */
const IDLE_COMPLETION = '30 days';

export async function runEntityNotifications(input: EntityWorkflowInput): Promise<void> {
  const { companyId, entity, entityId } = input;
  const workflowId = workflowInfo().workflowId;
  let state: EntityWorkflowState = input.state ?? initialState();
  const inbox: EntityEvent[] = [];

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
      }))
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor)),
  );

  const send = async (pendingSend: PendingSend) => {
    try {
      await sending.deliver({ companyId, entity, entityId, workflowId, send: pendingSend });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      await storage.recordDeliveryFailure({
        companyId,
        entity,
        entityId,
        workflowId,
        send: pendingSend,
        message: err.cause?.message ?? err.message,
      });
    }
  };

  for (;;) {
    while (inbox.length > 0) {
      const event = inbox.shift()!;
      if (state.seenEventIds.includes(event.id)) continue;
      const plan = await storage.planEvent({ companyId, entity, entityId, event });
      const outcome = applyEvent(state, event, plan, new Date(Date.now()).toISOString(), {
        reminderPlanningV2: entity === 'order' && patched('reminder-planning-v2'),
        // Only new histories hold rules_changed events, so the patch marker is only ever asked for there.
        rulesChangedEvents: isRulesChangedEvent(event) && patched('rules-changed-events'),
      });
      if (outcome.feed.length > 0)
        await storage.writeFeed({ companyId, entity, entityId, entries: outcome.feed });
      if (
        event.statusId &&
        event.statusId !== state.statusId &&
        workflowInfo().typedSearchAttributes.get(StatusIdKey)
      ) {
        upsertSearchAttributes([{ key: StatusIdKey, value: event.statusId }] as never);
      }
      state = outcome.state;
    }

    const due = state.pending.filter((p) => Date.parse(p.sendAt) <= Date.now());
    if (due.length > 0) {
      await Promise.all(due.map(send));
      for (const done of due) state = completeSend(state, done.key);
      continue;
    }

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > (input.maxHistoryLength ?? DEFAULT_MAX_HISTORY)) {
      await continueAsNew<(i: EntityWorkflowInput) => Promise<void>>({ ...input, state });
    }

    // The one timer always runs to the earliest pending send, so the timer the Web UI shows is that send.
    const first = earliest(state.pending);
    if (first) {
      await condition(() => inbox.length > 0, Math.max(Date.parse(first.sendAt) - Date.now(), 1), {
        summary: `next: ${first.kind} ${first.channel} (rule ${first.ruleId}) at ${first.sendAt}`,
      });
    } else if (
      !(await condition(() => inbox.length > 0, IDLE_COMPLETION)) &&
      // An event that came in as the idle timer fired must not be dropped with the run.
      (inbox.length === 0 || !patched('idle-completion-keeps-late-events'))
    ) {
      return;
    }
  }
}

function earliest(pending: PendingSend[]): PendingSend | undefined {
  return pending.reduce<PendingSend | undefined>(
    (first, p) => (!first || Date.parse(p.sendAt) < Date.parse(first.sendAt) ? p : first),
    undefined,
  );
}
