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
 * * Inbound STOP is scoped to the number it was sent to (SPEC 7): for SMS, the companies whose
 *   `smsSenderId` is the receiving number (`To`), or — for the platform's shared default number, which
 *   is no company's own — every company without a sender of its own; for WhatsApp, which goes out from
 *   the platform's one WhatsApp sender, every company. Only that channel's consent is revoked.
 *   START/HELP change nothing: consent is only ever granted explicitly through the API.
 * * A webhook delivered again (a retry, or a replayed signed request) changes nothing: inbound messages
 *   are remembered by `MessageSid`, Postmark events by `RecordType` + `MessageID`, in the transaction
 *   that acts on them. Twilio status callbacks need no such record: a delivery settles once anyway.
 * * Postmark hard bounce / spam complaint / `SubscriptionChange` with `SuppressSending`: the address is
 *   suppressed in the company of the delivery the event names (by MessageID, else the `companyId`
 *   metadata our sends attach); when neither is known, in every company having a client with that
 *   email (Postmark deactivates the address for the whole server anyway). Consent is left untouched:
 *   suppression is about the address, so a corrected address can receive again.
 * * Soft bounces (and opens, clicks, ...) change nothing: Postmark may still deliver, and the feed has no
 *   entry type for it.
 */
import type { Pool, PoolClient } from 'pg';
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
import { firstDelivery } from '../db/repositories/processed-webhooks-repository';
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

/** Settles the delivery and writes its `{kind}.delivered|failed` feed entry, in the caller's transaction. */
async function settle(tx: PoolClient, delivery: DeliveryWithCompany, s: Settlement): Promise<StatusOutcome> {
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
    // A fallback's entries say which delivery it stands in for (SPEC 9).
    data: delivery.isFallback ? { ...s.data, fallbackOf: delivery.fallbackOf } : s.data,
    dedupeKey: `${delivery.id}:status:${s.status}`,
  });
  return 'settled';
}

/** A Twilio message status callback. */
export async function applyTwilioStatus(db: Pool, update: TwilioStatusUpdate): Promise<StatusOutcome> {
  if (!update.providerMessageId) return 'unknown';
  const delivery = await findDeliveryByProviderId(db, TWILIO_PROVIDER, update.providerMessageId);
  if (!delivery) return 'unknown';
  if (update.outcome === 'delivered') {
    return inTransaction(db, (tx) => settle(tx, delivery, { status: 'delivered' }));
  }
  if (update.outcome !== 'failed') return 'ignored';
  const permanent = update.error?.kind === 'permanent';
  return inTransaction(db, (tx) =>
    settle(tx, delivery, {
      status: 'failed',
      reason: permanent ? 'provider_rejected' : 'provider_error',
      errorCode: update.errorCode ?? update.status,
      errorMessage: update.error
        ? `twilio ${update.status}: ${update.error.code}`
        : `twilio ${update.status}`,
      data: { providerStatus: update.status, errorCode: update.errorCode },
    }),
  );
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * An inbound SMS/WhatsApp message. A STOP keyword revokes that channel's consent for the clients with
 * the sender's phone in the companies that send from the receiving number (source `inbound_stop`), once
 * per message. Returns the affected client ids, and whether the message had been processed already.
 */
export async function applyTwilioInbound(
  db: Pool,
  message: TwilioInboundMessage,
): Promise<{ revokedClientIds: string[]; duplicate: boolean }> {
  if (message.optKeyword !== 'stop' || !message.from || !E164.test(message.from)) {
    return { revokedClientIds: [], duplicate: false };
  }
  const from = message.from;
  return inTransaction(db, async (tx) => {
    if (message.providerMessageId && !(await firstDelivery(tx, TWILIO_PROVIDER, message.providerMessageId))) {
      return { revokedClientIds: [], duplicate: true };
    }
    const receivingNumber = message.channel === 'sms' ? message.to : null;
    const revoked = await revokeConsentByPhone(tx, from, receivingNumber, message.channel, 'inbound_stop');
    return { revokedClientIds: revoked.map((c) => c.id), duplicate: false };
  });
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

/**
 * A Postmark webhook: Delivery, Bounce, SpamComplaint, SubscriptionChange (others are ignored). One
 * transaction per event, and an event already processed (same `RecordType` and `MessageID`) changes
 * nothing.
 */
export async function applyPostmarkEvent(db: Pool, event: PostmarkWebhookEvent): Promise<PostmarkOutcome> {
  return inTransaction(db, async (tx) => {
    const key = event.providerMessageId ? `${event.recordType}:${event.providerMessageId}` : null;
    if (key && !(await firstDelivery(tx, POSTMARK_PROVIDER, key))) {
      return { delivery: 'unchanged', suppressedIn: [] };
    }
    return applyPostmarkEventOnce(tx, event);
  });
}

async function applyPostmarkEventOnce(tx: PoolClient, event: PostmarkWebhookEvent): Promise<PostmarkOutcome> {
  const delivery = event.providerMessageId
    ? await findDeliveryByProviderId(tx, POSTMARK_PROVIDER, event.providerMessageId)
    : null;

  const suppressedIn: string[] = [];
  if (event.suppress && event.email) {
    const reason = suppressionReason(event);
    const metadataCompany = uuid.safeParse(event.metadata.companyId);
    const companyId = delivery?.companyId ?? (metadataCompany.success ? metadataCompany.data : null);
    if (companyId) {
      if (await suppressAddress(tx, companyId, 'email', event.email, reason)) suppressedIn.push(companyId);
    } else {
      suppressedIn.push(...(await suppressEmailEverywhere(tx, event.email, reason)));
    }
  }

  if (!delivery) return { delivery: 'unknown', suppressedIn };
  if (event.kind === 'delivery') {
    return { delivery: await settle(tx, delivery, { status: 'delivered' }), suppressedIn };
  }
  if (event.kind === 'spam_complaint' || event.hardBounce) {
    // A hard bounce can follow a Delivery event (the receiving server accepted, then bounced): it was
    // not delivered after all. A spam complaint follows a real delivery, which then stays `delivered`.
    const outcome = await settle(tx, delivery, {
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
