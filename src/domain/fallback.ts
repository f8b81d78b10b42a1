/**
 * Channel fallback (SPEC 9): whether a primary send's outcome calls for the same message on the rule's
 * fallback channel, and when. Pure, so the workflow decides it deterministically from what its activities
 * answered.
 *
 * * Skipped (`no_consent`, `no_contact`, `suppressed`) or failed (`provider_rejected`, `provider_error`):
 *   the fallback goes at once.
 * * Sent: the fallback waits `after` (elapsed time: a day is 24 hours) and then goes only if the
 *   delivery was not reported delivered meanwhile. A send whose provider never reports delivery (the dev
 *   outbox, Viber, Twilio without a status-callback URL) is not waited on: its acceptance is the last word,
 *   and a fallback that would fire after every such send would be a second message, not a fallback.
 * * Anything else (cancelled, deferred, `template_error`, `frequency_capped`) and a fallback's own outcome
 *   never fall back.
 */
import type { PendingSend } from './engine-state';
import type { DurationUnit, Reason, RuleFallback } from './types';

export const FALLBACK_SKIP_REASONS: readonly Reason[] = ['no_consent', 'no_contact', 'suppressed'];
export const FALLBACK_FAILURE_REASONS: readonly Reason[] = ['provider_rejected', 'provider_error'];

const UNIT_MS: Record<DurationUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** How a send ended, as the workflow learns it; `fallback` is the rule's fallback when it was sent. */
export type SendSettlement =
  | { outcome: 'sent'; deliveryId: string; reportsDelivery?: boolean; fallback?: RuleFallback | null }
  | { outcome: 'failed'; reason: Reason; deliveryId: string | null; fallback?: RuleFallback | null }
  | { outcome: 'skipped' | 'cancelled'; reason: Reason; fallback?: RuleFallback | null }
  | { outcome: 'not_needed' };

export const fallbackKey = (primaryKey: string) => `${primaryKey}:fallback`;

type Trigger = { of: string | null; waitMs: number | null } | null;

/** What in a primary's settlement calls for its fallback: the delivery it stands in for, and the wait. */
function trigger(primary: PendingSend, settled: SendSettlement): Trigger {
  if (primary.fallback || settled.outcome === 'not_needed' || !settled.fallback) return null;
  if (settled.outcome === 'skipped' && FALLBACK_SKIP_REASONS.includes(settled.reason)) {
    return { of: null, waitMs: null };
  }
  if (settled.outcome === 'failed' && FALLBACK_FAILURE_REASONS.includes(settled.reason)) {
    return { of: settled.deliveryId, waitMs: null };
  }
  if (settled.outcome === 'sent' && settled.reportsDelivery) {
    const { after } = settled.fallback;
    return { of: settled.deliveryId, waitMs: after.value * UNIT_MS[after.unit] };
  }
  return null;
}

export const callsForFallback = (primary: PendingSend, settled: SendSettlement): boolean =>
  trigger(primary, settled) !== null;

/** The fallback send a primary's settlement calls for, or null; due at `nowIso`, or `after` later. */
export function fallbackFor(
  primary: PendingSend,
  settled: SendSettlement,
  nowIso: string,
): PendingSend | null {
  const standIn = trigger(primary, settled);
  if (!standIn || settled.outcome === 'not_needed' || !settled.fallback) return null;
  const send: PendingSend = {
    ...primary,
    key: fallbackKey(primary.key),
    channel: settled.fallback.channel,
    sendAt: new Date(Date.parse(nowIso) + (standIn.waitMs ?? 0)).toISOString(),
    deferred: false,
    fallback: { of: standIn.of, unlessDelivered: standIn.waitMs !== null },
  };
  // The primary's working-hours deferral is its own; the fallback is judged at its own send time.
  delete send.notBefore;
  return send;
}
