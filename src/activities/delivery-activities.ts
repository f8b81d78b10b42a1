import { ApplicationFailure, Context, heartbeat, log } from '@temporalio/activity';
import type { PendingSend } from '../domain/engine-state';
import type { Channel, Reason, Rule, RuleFallback } from '../domain/types';
import { isOpenAt, nextOpening } from '../domain/working-hours';
import {
  beginAttempt,
  claimDeliveryWithinCap,
  deliveryStatus,
  findDeliveryByKey,
  markDelivery,
  markOutcomeUnknown,
  providerIdsRecordedFor,
  recordAcceptance,
  type Delivery,
} from '../db/repositories/deliveries-repository';
import { insertFeedEntry } from '../db/repositories/feed-repository';
import { findRule } from '../db/repositories/rules-repository';
import { findStatus } from '../db/repositories/statuses-repository';
import { findTemplate } from '../db/repositories/templates-repository';
import { messagesSent } from '../metrics';
import { PermanentProviderError, TransientProviderError, type ChannelProvider } from '../providers/provider';
import { waitForSendSlot } from './send-slot';
import type { EngineDeps, EntityRef, SendRef } from './engine-deps';
import { loadEntity, loadMessageContext, type EntityContext } from './entity-context';
import { emailSubject, recipientDecision, renderMessage } from './message-rendering';

/**
 * What one send attempt came to. `accepted` is recorded by `recordSent`, a separate activity. A primary
 * send's outcome carries its rule's `fallback` (SPEC 9), and a sent one whether a delivery report can come.
 */
export type SendOutcome = (
  | { outcome: 'accepted'; deliveryId: string; provider: string; providerMessageId: string }
  | { outcome: 'sent'; deliveryId: string }
  | { outcome: 'failed'; reason: Reason; deliveryId: string }
  | TemplateFailure
  | { outcome: 'skipped' | 'cancelled'; reason: Reason }
  | { outcome: 'deferred'; sendAt: string }
  // A fallback whose primary was reported delivered in time: nothing to send, nothing to say.
  | { outcome: 'not_needed' }
) & { fallback?: RuleFallback | null; reportsDelivery?: boolean };

/** The outcome of the one-activity send that workflows started before the send path split keep calling. */
export type DeliverOutcome =
  | { outcome: 'sent'; deliveryId: string }
  | { outcome: 'failed'; reason: Reason; deliveryId: string }
  | TemplateFailure
  | { outcome: 'skipped' | 'cancelled'; reason: Reason };

/** A render over a limit (SPEC 7): no delivery is claimed for it, unless an earlier attempt had one. */
type TemplateFailure = { outcome: 'failed'; reason: 'template_error'; deliveryId: string | null };

/** The error type a send whose outcome is unknown fails with: retried, and reconciled first. */
export const OUTCOME_UNKNOWN = 'SendOutcomeUnknown';

/** How long after a provider call's deadline a silent provider may still have accepted the message. */
export const DEFAULT_RECONCILE_SETTLE_MS = 15_000;

const sameInstant = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/** Asking the provider about an unknown outcome: a look-up failing this many attempts means it cannot tell. */
const LOOKUP_ATTEMPTS = 3;
const HEARTBEAT_EVERY_MS = 2_000;

/** A send attempt carries the workflow's time, so the working-hours check never runs on a clock behind it. */
export type SendAttemptRef = SendRef & { at?: string };

const idempotencyKeyOf = (ref: SendRef) => `${ref.workflowId}:${ref.send.key}`;

/**
 * The send itself: everything is checked again at send time (rule, status or due date, working hours,
 * consent, contact, suppression), the delivery is recorded under an idempotency key, and a provider call
 * whose outcome is unknown is reconciled with the provider before anything is sent again.
 */
export function createDeliveryActivities(deps: EngineDeps) {
  const { db, providers } = deps;
  const providerTimeoutMs = deps.providerTimeoutMs ?? 20_000;
  const settleMs = deps.reconcileSettleMs ?? DEFAULT_RECONCILE_SETTLE_MS;

  /** A fallback's entries say which delivery it stands in for (`fallbackOf`, SPEC 9). */
  async function feed(
    ref: EntityRef & { send?: PendingSend },
    entry: Omit<Parameters<typeof insertFeedEntry>[1], keyof EntityRef>,
  ) {
    const fallback = ref.send?.fallback;
    await insertFeedEntry(db, {
      ...ref,
      ...entry,
      ...(fallback ? { data: { ...entry.data, fallbackOf: fallback.of } } : {}),
    });
  }

  /** Whether a delivery report can come for a message sent on this channel now. */
  function reportsDelivery(channel: Channel): boolean {
    const reports = providers[channel].deliveryReports;
    if (reports === 'status_callback') return statusCallbackUrl(deps.publicBaseUrl, channel, '-') !== null;
    return reports === 'account_webhook';
  }

  /** Why a pending send must not go out any more, judged on the data (and its rule) as it is now. */
  async function staleReason(
    ref: SendRef,
    ctx: EntityContext | null,
    rule: Rule | null,
  ): Promise<Reason | null> {
    const { send } = ref;
    if (!rule || !rule.enabled || !ctx) return 'rule_removed';
    // A fallback goes only while its rule still has one.
    if (send.fallback && !rule.fallback) return 'rule_removed';
    if (send.kind === 'notification') {
      if (send.expectedStatusId && ctx.statusId !== send.expectedStatusId) return 'stale_status';
      if (
        send.triggerType === 'order.due_date_changed' &&
        !sameInstant(ctx.order?.dueDate ?? null, send.dueDate)
      ) {
        return 'superseded';
      }
      return null;
    }
    // A rule that no longer makes reminders for this order's location is as good as removed.
    if (rule.kind !== 'reminder' || !rule.remindBefore || rule.locationId !== ctx.order?.locationId) {
      return 'rule_removed';
    }
    const status = await findStatus(db, ref.companyId, ctx.statusId);
    if (status?.final) return 'order_closed';
    if (!ctx.order?.dueDate) return 'due_date_cleared';
    if (!sameInstant(ctx.order.dueDate, send.dueDate)) return 'superseded';
    return null;
  }

  /** An order notification that must wait for opening hours and drifted outside them: its next opening. */
  function drifted(ref: SendRef, ctx: EntityContext, rule: Rule, now: Date): Date | null {
    // Never judged before the workflow's own time or the planned time: a worker whose clock runs behind
    // must not defer a send to an opening that, for the workflow, has already come.
    const location = ctx.location;
    if (ref.entity !== 'order' || ref.send.kind !== 'notification' || !rule.workingHoursOnly) return null;
    if (!location?.workingHours || isOpenAt(location.workingHours, location.timezone, now)) return null;
    return nextOpening(location.workingHours, location.timezone, now);
  }

  /** A retry that found the send no longer due: its delivery row says how it ended. */
  async function endClaimed(existing: Delivery | null, status: 'skipped' | 'cancelled', reason: Reason) {
    if (existing?.status === 'retry') await markDelivery(db, existing.id, { status, errorCode: reason });
  }

  async function failUnknown(ref: SendRef, delivery: Delivery, why: string): Promise<SendOutcome> {
    log.warn('send outcome unknown and the provider cannot tell; not sending again', {
      deliveryId: delivery.id,
      why,
    });
    await markDelivery(db, delivery.id, {
      status: 'failed',
      errorCode: 'outcome_unknown',
      errorMessage: why,
    });
    await feed(ref, {
      ruleId: ref.send.ruleId,
      channel: delivery.channel,
      scheduledFor: ref.send.sendAt,
      type: `${ref.send.kind}.failed`,
      reason: 'provider_error',
      deliveryId: delivery.id,
      to: delivery.to,
      data: { outcome: 'unknown', error: why },
      dedupeKey: `${idempotencyKeyOf(ref)}:failed`,
    });
    return { outcome: 'failed', reason: 'provider_error', deliveryId: delivery.id };
  }

  /**
   * An earlier attempt called the provider and never learnt the answer: ask the provider. Found → it is
   * recorded as sent; not found → the send may go again; the provider cannot be asked → failed, unknown.
   */
  async function reconcile(ref: SendRef, delivery: Delivery): Promise<SendOutcome | 'not_found'> {
    const started = delivery.attemptStartedAt ? Date.parse(delivery.attemptStartedAt) : Date.now();
    const notBefore = delivery.reconcileAfter
      ? Date.parse(delivery.reconcileAfter)
      : started + providerTimeoutMs + settleMs;
    const wait = notBefore - Date.now();
    if (wait > 0) {
      throw ApplicationFailure.create({
        type: OUTCOME_UNKNOWN,
        message: 'waiting before asking the provider about a send whose outcome is unknown',
        nextRetryDelay: wait,
      });
    }
    const provider: ChannelProvider = providers[delivery.channel];
    if (!provider.findSent) {
      return failUnknown(ref, delivery, `${provider.name} cannot be asked whether it accepted the message`);
    }
    let lookup;
    try {
      lookup = await provider.findSent({
        channel: delivery.channel,
        to: delivery.to,
        body: delivery.body,
        subject: delivery.subject,
        deliveryId: delivery.id,
        since: new Date(started),
        excludeIds: await providerIdsRecordedFor(db, ref.companyId, delivery.to, delivery.id),
      });
    } catch (err) {
      // A look-up that keeps failing means the provider cannot tell: better no message than a second one.
      if (Context.current().info.attempt < LOOKUP_ATTEMPTS) throw err;
      return failUnknown(ref, delivery, `the provider could not be asked: ${String(err)}`);
    }
    if (lookup.found) {
      return {
        outcome: 'accepted',
        deliveryId: delivery.id,
        provider: provider.name,
        providerMessageId: lookup.providerMessageId,
        reportsDelivery: reportsDelivery(delivery.channel),
      };
    }
    await markDelivery(db, delivery.id, { status: 'retry', errorMessage: 'not found at the provider' });
    return 'not_found';
  }

  async function sendMessage(ref: SendAttemptRef, options: { workingHours: boolean }): Promise<SendOutcome> {
    const { send, companyId } = ref;
    const idempotencyKey = idempotencyKeyOf(ref);
    // Read side by side: the entity and rule are needed unless an earlier attempt already settled it.
    let [existing, ctx, rule] = await Promise.all([
      findDeliveryByKey(db, idempotencyKey),
      loadEntity(db, companyId, ref.entity, ref.entityId),
      findRule(db, companyId, send.ruleId),
    ]);
    if (existing?.status === 'sent' || existing?.status === 'delivered') {
      return { outcome: 'sent', deliveryId: existing.id };
    }
    if (existing?.status === 'failed') {
      const reason = existing.errorCode === 'outcome_unknown' ? 'provider_error' : 'provider_rejected';
      return { outcome: 'failed', reason, deliveryId: existing.id };
    }
    if (existing?.status === 'skipped' || existing?.status === 'cancelled') {
      return { outcome: existing.status, reason: (existing.errorCode ?? 'rule_removed') as Reason };
    }
    if (existing?.status === 'sending') {
      const reconciled = await reconcile(ref, existing);
      if (reconciled !== 'not_found') return reconciled;
      existing = { ...existing, status: 'retry' };
      // Asking the provider took a while: check on the data as it is now.
      [ctx, rule] = await Promise.all([
        loadEntity(db, companyId, ref.entity, ref.entityId),
        findRule(db, companyId, send.ruleId),
      ]);
    }

    // Each attempt sends on the rule's channel (a fallback: its fallback channel) as it is now, and checks
    // consent and contact for exactly that.
    const channel = (send.fallback ? rule?.fallback?.channel : rule?.channel) ?? send.channel;
    const base = { ruleId: send.ruleId, channel, scheduledFor: send.sendAt };

    const stale = await staleReason(ref, ctx, rule);
    if (stale) {
      await endClaimed(existing, 'cancelled', stale);
      await feed(ref, {
        ...base,
        type: `${send.kind}.cancelled`,
        reason: stale,
        dedupeKey: `${idempotencyKey}:cancelled`,
      });
      return { outcome: 'cancelled', reason: stale };
    }
    const checkAt = Math.max(Date.now(), Date.parse(ref.at ?? send.sendAt), Date.parse(send.sendAt));
    const opening = options.workingHours ? drifted(ref, ctx!, rule!, new Date(checkAt)) : null;
    if (opening) {
      const sendAt = opening.toISOString();
      await feed(ref, {
        ...base,
        scheduledFor: sendAt,
        type: `${send.kind}.scheduled`,
        reason: 'outside_working_hours',
        data: { previousScheduledFor: send.sendAt },
        dedupeKey: `${idempotencyKey}:deferred:${sendAt}`,
      });
      return { outcome: 'deferred', sendAt };
    }
    if (!existing && (await primaryDelivered(send))) return { outcome: 'not_needed' };

    const [message, template] = await Promise.all([
      loadMessageContext(db, companyId, ctx!),
      findTemplate(db, companyId, rule!.templateId),
    ]);
    const decision = await recipientDecision(db, companyId, channel, message);
    if (!decision.ok) {
      await endClaimed(existing, 'skipped', decision.reason);
      await feed(ref, {
        ...base,
        type: `${send.kind}.skipped`,
        reason: decision.reason,
        dedupeKey: `${idempotencyKey}:skipped`,
      });
      return { outcome: 'skipped', reason: decision.reason };
    }

    const render = await renderMessage(template!, ctx!, message, channel);
    if (!render.ok) {
      // Rendering again would break the same limit: fail at once, without a provider call or a retry.
      if (existing) await markDelivery(db, existing.id, { status: 'failed', errorCode: 'template_error' });
      await feed(ref, {
        ...base,
        type: `${send.kind}.failed`,
        reason: 'template_error',
        deliveryId: existing?.id ?? null,
        data: { limit: render.limit, error: render.message },
        dedupeKey: `${idempotencyKey}:failed`,
      });
      return { outcome: 'failed', reason: 'template_error', deliveryId: existing?.id ?? null };
    }
    const rendered = render.rendered;
    const checked = {
      channel,
      to: decision.to,
      subject: emailSubject(channel, rendered.subject, template!.name),
      body: rendered.body,
    };
    const claim =
      existing ??
      (await claimDeliveryWithinCap(
        db,
        {
          companyId,
          idempotencyKey,
          kind: send.kind,
          entity: ref.entity,
          entityId: ref.entityId,
          clientId: ctx!.clientId,
          ruleId: send.ruleId,
          ...checked,
          ...(send.fallback ? { fallback: { of: send.fallback.of } } : {}),
        },
        message.settings.maxMessagesPerClientPerDay,
      ));
    if (claim === 'capped') {
      await feed(ref, {
        ...base,
        type: `${send.kind}.skipped`,
        reason: 'frequency_capped',
        data: { maxMessagesPerClientPerDay: message.settings.maxMessagesPerClientPerDay },
        dedupeKey: `${idempotencyKey}:skipped`,
      });
      return { outcome: 'skipped', reason: 'frequency_capped' };
    }
    const claimed = 'delivery' in claim ? claim.delivery : claim;
    const delivery = await beginAttempt(db, claimed.id, checked);
    // Another attempt holds the delivery (or just settled it): the next try sees how it went.
    if (!delivery) throw new Error(`delivery ${claimed.id} is not ready for a new attempt`);

    const provider = providers[delivery.channel];
    // The heartbeat tells Temporal this worker is alive during a slow provider call: a worker that dies
    // mid-call is noticed within the heartbeat timeout, and the next attempt reconciles.
    const beating = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      await waitForSendSlot(db, delivery.channel, deps.sendRates?.[delivery.channel]);
      const result = await provider.send({
        channel: delivery.channel,
        to: delivery.to,
        subject: delivery.subject,
        body: delivery.body,
        from: {
          smsSenderId: message.settings.smsSenderId,
          emailFromName: message.settings.emailFromName,
          emailFromAddress: message.settings.emailFromAddress,
        },
        idempotencyKey,
        statusCallbackUrl: statusCallbackUrl(deps.publicBaseUrl, delivery.channel, delivery.id),
        metadata: { deliveryId: delivery.id, companyId },
      });
      return {
        outcome: 'accepted',
        deliveryId: delivery.id,
        ...result,
        reportsDelivery: reportsDelivery(delivery.channel),
      };
    } catch (err) {
      if (err instanceof PermanentProviderError) {
        await markDelivery(db, delivery.id, {
          status: 'failed',
          provider: provider.name,
          errorCode: err.code,
          errorMessage: err.message,
        });
        await feed(ref, {
          ...base,
          channel: delivery.channel,
          type: `${send.kind}.failed`,
          reason: 'provider_rejected',
          deliveryId: delivery.id,
          to: delivery.to,
          data: { error: err.message },
          dedupeKey: `${idempotencyKey}:failed`,
        });
        return { outcome: 'failed', reason: 'provider_rejected', deliveryId: delivery.id };
      }
      if (err instanceof TransientProviderError && !err.mayHaveBeenAccepted) {
        // Known not sent: the next attempt checks everything again and may call the provider again.
        await markDelivery(db, delivery.id, {
          status: 'retry',
          provider: provider.name,
          errorMessage: err.message,
        });
        throw err;
      }
      // The provider may have the message: the next attempt asks it first. A provider that answered (5xx)
      // can be asked at once; one that went silent may still be processing the request.
      const answered = err instanceof TransientProviderError && err.code === 'server_error';
      const after = new Date(Date.now() + (answered ? 0 : settleMs));
      await markOutcomeUnknown(db, delivery.id, after, String(err));
      throw ApplicationFailure.create({
        type: OUTCOME_UNKNOWN,
        message: `send outcome unknown: ${String(err)}`,
        cause: err instanceof Error ? err : undefined,
        nextRetryDelay: after.getTime() - Date.now(),
      });
    } finally {
      clearInterval(beating);
    }
  }

  /** A fallback that waits for a delivery report: the primary's delivery was reported delivered. */
  async function primaryDelivered(send: PendingSend): Promise<boolean> {
    const standIn = send.fallback;
    if (!standIn?.unlessDelivered || !standIn.of) return false;
    return (await deliveryStatus(db, standIn.of)) === 'delivered';
  }

  /** A primary send's outcome that may call for a fallback carries the rule's fallback as it is now. */
  async function withRuleFallback(ref: SendRef, result: SendOutcome): Promise<SendOutcome> {
    if (ref.send.fallback || !['accepted', 'sent', 'failed', 'skipped'].includes(result.outcome))
      return result;
    const rule = await findRule(db, ref.companyId, ref.send.ruleId);
    return { ...result, fallback: rule?.fallback ?? null };
  }

  /** The provider accepted: recorded durably, once (retried until the database takes it). */
  async function recordSent(
    ref: SendRef & { deliveryId: string; provider: string; providerMessageId: string },
  ): Promise<void> {
    const { recordedNow, channel, recipient } = await recordAcceptance(db, ref.deliveryId, ref);
    if (recordedNow) messagesSent.inc({ channel, provider: ref.provider });
    await feed(ref, {
      ruleId: ref.send.ruleId,
      channel,
      scheduledFor: ref.send.sendAt,
      type: `${ref.send.kind}.sent`,
      deliveryId: ref.deliveryId,
      to: recipient,
      dedupeKey: `${idempotencyKeyOf(ref)}:sent`,
    });
  }

  return {
    /** One attempt at a send; the workflow records an `accepted` one with `recordSent`. */
    sendMessage: async (ref: SendAttemptRef) =>
      withRuleFallback(ref, await sendMessage(ref, { workingHours: true })),

    recordSent,

    /** Workflows started before the send path split: check, send and record in one activity. */
    async deliver(ref: SendRef): Promise<DeliverOutcome> {
      const result = await sendMessage(ref, { workingHours: false });
      if (result.outcome === 'deferred' || result.outcome === 'not_needed') {
        throw new Error(`unreachable: deliver is never ${result.outcome}`);
      }
      if (result.outcome !== 'accepted') return result;
      await recordSent({ ...ref, ...result });
      return { outcome: 'sent', deliveryId: result.deliveryId };
    },

    /**
     * The send's retries are exhausted: record the failure once (an unknown outcome says so). Answers the
     * delivery and, for a primary send, its rule's fallback.
     */
    async recordDeliveryFailure(
      ref: SendRef & { message: string },
    ): Promise<{ deliveryId: string | null; fallback: RuleFallback | null }> {
      const idempotencyKey = idempotencyKeyOf(ref);
      const { rows } = await db.query<{ id: string; recipient: string; channel: Channel; previous: string }>(
        `WITH before AS (SELECT id, status FROM deliveries WHERE idempotency_key = $1 FOR UPDATE)
         UPDATE deliveries d SET status = 'failed',
           error_code = CASE WHEN before.status = 'sending' THEN 'outcome_unknown' ELSE 'provider_error' END,
           error_message = $2, updated_at = clock_timestamp()
         FROM before WHERE d.id = before.id AND before.status IN ('sending', 'retry')
         RETURNING d.id, d.recipient, d.channel, before.status AS previous`,
        [idempotencyKey, ref.message],
      );
      const row = rows[0];
      await feed(ref, {
        ruleId: ref.send.ruleId,
        // The channel the delivery was claimed on, which follows the rule rather than the plan.
        channel: row?.channel ?? ref.send.channel,
        scheduledFor: ref.send.sendAt,
        type: `${ref.send.kind}.failed`,
        reason: 'provider_error',
        deliveryId: row?.id ?? null,
        to: row?.recipient ?? null,
        data: { error: ref.message, ...(row?.previous === 'sending' ? { outcome: 'unknown' } : {}) },
        dedupeKey: `${idempotencyKey}:failed`,
      });
      const rule = ref.send.fallback ? null : await findRule(db, ref.companyId, ref.send.ruleId);
      return { deliveryId: row?.id ?? null, fallback: rule?.fallback ?? null };
    },
  };
}

/** Twilio posts delivery reports here; the delivery id in the URL ties a report to its delivery. */
function statusCallbackUrl(base: string | undefined, channel: Channel, deliveryId: string): string | null {
  if (!base || channel === 'email' || channel === 'viber') return null;
  return `${base.replace(/\/$/, '')}/webhooks/twilio/status?deliveryId=${deliveryId}`;
}
