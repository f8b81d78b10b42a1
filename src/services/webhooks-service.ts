/**
 * Provider webhooks, once authenticated: delivery status updates (Twilio status callbacks, Postmark
 * Delivery/Bounce/SpamComplaint), inbound opt-outs (Twilio STOP) and email suppressions.
 *
 * Choices where the spec is silent:
 * * A delivery settles once: the first final status (`delivered` or `failed`) wins (except that an email
 *   hard bounce turns `delivered` into `failed`); later or repeated callbacks change nothing, and the feed entry's dedupe key (`{deliveryId}:status:{delivered|failed}`)
 *   makes the feed write happen once even under concurrent retries. Intermediate statuses (`queued`,
 *   `sent`, ...) are not recorded — the engine already wrote `sent` when the provider accepted it.
 * * Events for an unknown message are ignored (and answered 2xx, so providers do not retry them).
 * * Inbound STOP: our Twilio number is shared by every company, so the opt-out applies to every client,
 *   in every company, whose phone equals the sender — for that channel only (sms or whatsapp).
 *   START/HELP change nothing: consent is only ever granted explicitly through the API.
 * * Postmark hard bounce / spam complaint / `SubscriptionChange` with `SuppressSending`: the address is
 *   suppressed in the company of the delivery the event names (by MessageID, else the `companyId`
 *   metadata our sends attach); when neither is known, in every company having a client with that
 *   email (Postmark deactivates the address for the whole server anyway). Consent is left untouched:
 *   suppression is about the address, so a corrected address can receive again.
 * * Soft bounces (and opens, clicks, ...) change nothing: Postmark may still deliver, and the feed has no
 *   entry type for it.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Reason } from '../domain/types';
import { inTransaction } from '../db/pool';
import {
  revokeConsentByPhone,
  suppressAddress,
  suppressEmailEverywhere,
} from '../db/repositories/clients-repository';
import {
  findDeliveryByProviderId,
  settleDelivery,
  type Delivery,
} from '../db/repositories/deliveries-repository';
import { insertFeedEntry } from '../db/repositories/feed-repository';
import { POSTMARK_PROVIDER } from '../providers/postmark-email';
import { TWILIO_PROVIDER } from '../providers/twilio-common';
import type {
  PostmarkWebhookEvent,
  TwilioInboundMessage,
  TwilioStatusUpdate,
} from '../providers/webhook-auth';

type DeliveryWithCompany = Delivery & { companyId: string };

/** What a status webhook did: `unknown` message, `ignored` (not a final status), `settled`, or `unchanged` (already final). */
export type StatusOutcome = 'unknown' | 'ignored' | 'settled' | 'unchanged';

interface Settlement {
  status: 'delivered' | 'failed';
  reason?: Reason;
  errorCode?: string | null;
  errorMessage?: string | null;
  overridesDelivered?: boolean;
  data?: Record<string, unknown>;
}

/** Settles the delivery and writes its `{kind}.delivered|failed` feed entry in one transaction. */
async function settle(db: Pool, delivery: DeliveryWithCompany, s: Settlement): Promise<StatusOutcome> {
  return inTransaction(db, async (tx) => {
    const settled = await settleDelivery(tx, delivery.id, {
      status: s.status,
      errorCode: s.errorCode,
      errorMessage: s.errorMessage,
      overridesDelivered: s.overridesDelivered,
    });
    if (!settled) return 'unchanged';
    await insertFeedEntry(tx, {
      companyId: delivery.companyId,
      entity: delivery.entity,
      entityId: delivery.entityId,
      type: `${delivery.kind}.${s.status}`,
      ruleId: delivery.ruleId,
      channel: delivery.channel,
      reason: s.reason ?? null,
      deliveryId: delivery.id,
      to: delivery.to,
      data: s.data,
      dedupeKey: `${delivery.id}:status:${s.status}`,
    });
    return 'settled';
  });
}

/** A Twilio message status callback. */
export async function applyTwilioStatus(db: Pool, update: TwilioStatusUpdate): Promise<StatusOutcome> {
  if (!update.providerMessageId) return 'unknown';
  const delivery = await findDeliveryByProviderId(db, TWILIO_PROVIDER, update.providerMessageId);
  if (!delivery) return 'unknown';
  if (update.outcome === 'delivered') return settle(db, delivery, { status: 'delivered' });
  if (update.outcome !== 'failed') return 'ignored';
  const permanent = update.error?.kind === 'permanent';
  return settle(db, delivery, {
    status: 'failed',
    reason: permanent ? 'provider_rejected' : 'provider_error',
    errorCode: update.errorCode ?? update.status,
    errorMessage: update.error ? `twilio ${update.status}: ${update.error.code}` : `twilio ${update.status}`,
    data: { providerStatus: update.status, errorCode: update.errorCode },
  });
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * An inbound SMS/WhatsApp message. A STOP keyword revokes that channel's consent for every client with
 * the sender's phone, in every company (source `inbound_stop`). Returns the affected client ids.
 */
export async function applyTwilioInbound(
  db: Pool,
  message: TwilioInboundMessage,
): Promise<{ revokedClientIds: string[] }> {
  if (message.optKeyword !== 'stop' || !message.from || !E164.test(message.from)) {
    return { revokedClientIds: [] };
  }
  const revokedClientIds = await revokeConsentByPhone(
    db,
    null,
    message.from,
    message.channel,
    'inbound_stop',
  );
  return { revokedClientIds };
}

export interface PostmarkOutcome {
  delivery: StatusOutcome;
  /** Companies where the address was newly suppressed. */
  suppressedIn: string[];
}

const uuid = z.uuid();

function suppressionReason(event: PostmarkWebhookEvent): string {
  if (event.kind === 'spam_complaint') return 'spam_complaint';
  if (event.hardBounce) return 'hard_bounce';
  return 'unsubscribed'; // SubscriptionChange with SuppressSending
}

/** A Postmark webhook: Delivery, Bounce, SpamComplaint, SubscriptionChange (others are ignored). */
export async function applyPostmarkEvent(db: Pool, event: PostmarkWebhookEvent): Promise<PostmarkOutcome> {
  const delivery = event.providerMessageId
    ? await findDeliveryByProviderId(db, POSTMARK_PROVIDER, event.providerMessageId)
    : null;

  const suppressedIn: string[] = [];
  if (event.suppress && event.email) {
    const reason = suppressionReason(event);
    const metadataCompany = uuid.safeParse(event.metadata.companyId);
    const companyId = delivery?.companyId ?? (metadataCompany.success ? metadataCompany.data : null);
    if (companyId) {
      if (await suppressAddress(db, companyId, 'email', event.email, reason)) suppressedIn.push(companyId);
    } else {
      suppressedIn.push(...(await suppressEmailEverywhere(db, event.email, reason)));
    }
  }

  if (!delivery) return { delivery: 'unknown', suppressedIn };
  if (event.kind === 'delivery') {
    return { delivery: await settle(db, delivery, { status: 'delivered' }), suppressedIn };
  }
  if (event.kind === 'spam_complaint' || event.hardBounce) {
    // A hard bounce can follow a Delivery event (the receiving server accepted, then bounced): it was
    // not delivered after all. A spam complaint follows a real delivery, which then stays `delivered`.
    const outcome = await settle(db, delivery, {
      status: 'failed',
      overridesDelivered: event.hardBounce,
      reason: 'provider_rejected',
      errorCode: event.kind === 'spam_complaint' ? 'spam_complaint' : 'hard_bounce',
      errorMessage: event.details ?? event.bounceType,
      data: { providerStatus: event.bounceType ?? event.recordType },
    });
    return { delivery: outcome, suppressedIn };
  }
  return { delivery: 'ignored', suppressedIn };
}
