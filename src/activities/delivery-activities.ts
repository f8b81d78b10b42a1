import { log } from '@temporalio/activity';
import { sendDecision } from '../domain/consent';
import type { TemplateData } from '../domain/templates';
import type { Channel, Reason, Rule } from '../domain/types';
import { isSuppressed } from '../db/repositories/clients-repository';
import { claimDelivery, markDelivery } from '../db/repositories/deliveries-repository';
import { insertFeedEntry } from '../db/repositories/feed-repository';
import { findRule } from '../db/repositories/rules-repository';
import { findStatus } from '../db/repositories/statuses-repository';
import { findTemplate } from '../db/repositories/templates-repository';
import { messagesSent } from '../metrics';
import { OUTBOX_PROVIDER } from '../providers/dev-outbox';
import { PermanentProviderError } from '../providers/provider';
import { renderBounded } from '../templates/render-pool';
import type { EngineDeps, EntityRef, SendRef } from './engine-deps';
import { loadEntity, loadMessageContext, type EntityContext } from './entity-context';

export type DeliverOutcome =
  | { outcome: 'sent'; deliveryId: string }
  | { outcome: 'failed'; reason: Reason; deliveryId: string }
  // A render over a limit (SPEC 7) fails before any delivery is claimed.
  | { outcome: 'failed'; reason: 'template_error'; deliveryId: null }
  | { outcome: 'skipped' | 'cancelled'; reason: Reason };

const sameInstant = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/** The send itself: checks at send time, an idempotent delivery record, the provider call. */
export function createDeliveryActivities(deps: EngineDeps) {
  const { db, providers } = deps;

  async function feed(ref: EntityRef, entry: Omit<Parameters<typeof insertFeedEntry>[1], keyof EntityRef>) {
    await insertFeedEntry(db, { ...ref, ...entry });
  }

  /** Why a pending send must not go out any more, judged on the data (and its rule) as it is now. */
  async function staleReason(
    ref: SendRef,
    ctx: EntityContext | null,
    rule: Rule | null,
  ): Promise<Reason | null> {
    const { send } = ref;
    if (!rule || !rule.enabled || !ctx) return 'rule_removed';
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

  return {
    async deliver(ref: SendRef): Promise<DeliverOutcome> {
      const { send, companyId } = ref;
      const idempotencyKey = `${ref.workflowId}:${send.key}`;
      const ctx = await loadEntity(db, companyId, ref.entity, ref.entityId);
      const rule = await findRule(db, companyId, send.ruleId);
      // The rule's channel may have changed since the send was planned: it goes out on the channel the
      // rule has now (a delivery an earlier attempt already claimed keeps its own, see below).
      const channel = rule?.channel ?? send.channel;
      const base = { ruleId: send.ruleId, channel, scheduledFor: send.sendAt };

      const stale = await staleReason(ref, ctx, rule);
      if (stale) {
        await feed(ref, {
          ...base,
          type: `${send.kind}.cancelled`,
          reason: stale,
          dedupeKey: `${idempotencyKey}:cancelled`,
        });
        return { outcome: 'cancelled', reason: stale };
      }
      const message = await loadMessageContext(db, companyId, ctx!);
      const contact = channel === 'email' ? message.client.email : message.client.phone;
      const decision = sendDecision({
        channel,
        client: message.client,
        suppressed: contact ? await isSuppressed(db, companyId, channel, contact) : false,
      });
      if (!decision.ok) {
        await feed(ref, {
          ...base,
          type: `${send.kind}.skipped`,
          reason: decision.reason,
          dedupeKey: `${idempotencyKey}:skipped`,
        });
        return { outcome: 'skipped', reason: decision.reason };
      }

      const template = (await findTemplate(db, companyId, rule!.templateId))!;
      const render = await renderBounded(template, templateData(ctx!, message), {
        locale: message.settings.locale,
        timezone: ctx!.location?.timezone ?? 'UTC',
        scope: channel,
      });
      if (!render.ok) {
        // Rendering again would break the same limit: fail at once, without a provider call or a retry.
        await feed(ref, {
          ...base,
          type: `${send.kind}.failed`,
          reason: 'template_error',
          data: { limit: render.limit, error: render.message },
          dedupeKey: `${idempotencyKey}:failed`,
        });
        return { outcome: 'failed', reason: 'template_error', deliveryId: null };
      }
      const rendered = render.rendered;
      const { delivery, created } = await claimDelivery(db, {
        companyId,
        idempotencyKey,
        kind: send.kind,
        entity: ref.entity,
        entityId: ref.entityId,
        clientId: ctx!.clientId,
        ruleId: send.ruleId,
        channel,
        to: decision.to,
        // An email needs a subject line; a template without one falls back to its name.
        subject: channel === 'email' ? rendered.subject || template.name : null,
        body: rendered.body,
      });
      // From here on the claimed delivery decides: a retry after the rule's channel changed finishes the
      // send an earlier attempt began, on that attempt's channel and recipient.
      const sentOn = { ...base, channel: delivery.channel };
      const provider = providers[delivery.channel];
      if (!created) {
        if (delivery.status === 'sent' || delivery.status === 'delivered') {
          return { outcome: 'sent', deliveryId: delivery.id };
        }
        if (delivery.status === 'failed')
          return { outcome: 'failed', reason: 'provider_rejected', deliveryId: delivery.id };
        // 'sending' means an earlier attempt died mid-call: only an idempotent provider may be asked again.
        if (delivery.status === 'sending' && provider.name !== OUTBOX_PROVIDER) {
          log.warn('send outcome unknown after an interrupted attempt; not sending again', {
            idempotencyKey,
          });
          await markDelivery(db, delivery.id, {
            status: 'failed',
            errorCode: 'outcome_unknown',
            errorMessage: 'An earlier attempt was interrupted while the provider was called',
          });
          await feed(ref, {
            ...sentOn,
            type: `${send.kind}.failed`,
            reason: 'provider_error',
            deliveryId: delivery.id,
            to: delivery.to,
            dedupeKey: `${idempotencyKey}:failed`,
          });
          return { outcome: 'failed', reason: 'provider_error', deliveryId: delivery.id };
        }
      }

      try {
        await markDelivery(db, delivery.id, { status: 'sending' });
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
          statusCallbackUrl: statusCallbackUrl(deps.publicBaseUrl, delivery.channel),
          metadata: { deliveryId: delivery.id, companyId },
        });
        await markDelivery(db, delivery.id, {
          status: 'sent',
          provider: result.provider,
          providerMessageId: result.providerMessageId,
        });
        messagesSent.inc({ channel: delivery.channel, provider: result.provider });
        await feed(ref, {
          ...sentOn,
          type: `${send.kind}.sent`,
          deliveryId: delivery.id,
          to: delivery.to,
          dedupeKey: `${idempotencyKey}:sent`,
        });
        return { outcome: 'sent', deliveryId: delivery.id };
      } catch (err) {
        if (err instanceof PermanentProviderError) {
          await markDelivery(db, delivery.id, {
            status: 'failed',
            provider: provider.name,
            errorCode: err.code,
            errorMessage: err.message,
          });
          await feed(ref, {
            ...sentOn,
            type: `${send.kind}.failed`,
            reason: 'provider_rejected',
            deliveryId: delivery.id,
            to: delivery.to,
            data: { error: err.message },
            dedupeKey: `${idempotencyKey}:failed`,
          });
          return { outcome: 'failed', reason: 'provider_rejected', deliveryId: delivery.id };
        }
        // Known not sent: the next attempt may call the provider again.
        await markDelivery(db, delivery.id, {
          status: 'retry',
          provider: provider.name,
          errorMessage: String(err),
        });
        throw err;
      }
    },

    /** The send's retries are exhausted: record the failure once. */
    async recordDeliveryFailure(ref: SendRef & { message: string }): Promise<void> {
      const idempotencyKey = `${ref.workflowId}:${ref.send.key}`;
      const { rows } = await db.query<{ id: string; recipient: string; channel: Channel }>(
        `UPDATE deliveries SET status = 'failed', error_code = 'provider_error', error_message = $2,
           updated_at = clock_timestamp()
         WHERE idempotency_key = $1 AND status NOT IN ('sent', 'delivered') RETURNING id, recipient, channel`,
        [idempotencyKey, ref.message],
      );
      await feed(ref, {
        ruleId: ref.send.ruleId,
        // The channel deliver claimed the delivery on, which follows the rule rather than the plan.
        channel: rows[0]?.channel ?? ref.send.channel,
        scheduledFor: ref.send.sendAt,
        type: `${ref.send.kind}.failed`,
        reason: 'provider_error',
        deliveryId: rows[0]?.id ?? null,
        to: rows[0]?.recipient ?? null,
        data: { error: ref.message },
        dedupeKey: `${idempotencyKey}:failed`,
      });
    },
  };
}
function statusCallbackUrl(base: string | undefined, channel: Channel): string | null {
  if (!base || channel === 'email' || channel === 'viber') return null;
  return `${base.replace(/\/$/, '')}/webhooks/twilio/status`;
}

function templateData(ctx: EntityContext, m: Awaited<ReturnType<typeof loadMessageContext>>): TemplateData {
  const statusName = m.status?.name ?? '';
  return {
    client: { name: m.client.name, phone: m.client.phone, email: m.client.email },
    company: { name: m.company.name },
    location: ctx.location
      ? {
          name: ctx.location.name,
          address: ctx.location.address,
          phone: ctx.location.phone,
          timezone: ctx.location.timezone,
        }
      : null,
    order: ctx.order ? { number: ctx.order.number, status: statusName, dueDate: ctx.order.dueDate } : null,
    lead: ctx.lead ? { number: ctx.lead.number, status: statusName } : null,
  };
}
