import type { Pool, PoolClient } from 'pg';
import { isFrequencyCapped } from '../../domain/frequency-cap';
import type { Channel, EntityKind } from '../../domain/types';
import { inTransaction } from '../pool';
import { afterCursor, decodeCursor, Page, toPage } from '../pagination';

type Queryable = Pool | PoolClient;

/**
 * retry: claimed, known not sent (yet); sending: handed to the provider, outcome not yet known (an
 * interrupted attempt leaves it so, and the next one reconciles with the provider); sent / delivered /
 * failed, and skipped / cancelled (a retry that found the send no longer due): final.
 */
export type DeliveryStatus = 'sending' | 'retry' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

export interface Delivery {
  id: string;
  kind: 'notification' | 'reminder';
  entity: EntityKind;
  entityId: string;
  orderId: string | null;
  leadId: string | null;
  clientId: string;
  ruleId: string | null;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  status: DeliveryStatus;
  provider: string | null;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** When the latest provider call began (bounds the provider's search when its outcome is unknown). */
  attemptStartedAt: string | null;
  /** The provider is not asked about an unknown outcome before this (a slow provider may still accept). */
  reconcileAfter: string | null;
  /** A channel fallback's delivery (SPEC 9)... */
  isFallback: boolean;
  /** ...and the delivery it stands in for (null when the primary never had one). */
  fallbackOf: string | null;
  createdAt: string;
  updatedAt: string;
}

interface DeliveryRow {
  id: string;
  company_id: string;
  kind: 'notification' | 'reminder';
  entity: EntityKind;
  entity_id: string;
  client_id: string;
  rule_id: string | null;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  status: DeliveryStatus;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  attempt_started_at: Date | null;
  reconcile_after: Date | null;
  is_fallback: boolean;
  fallback_of: string | null;
  created_at: Date;
  updated_at: Date;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  kind: r.kind,
  entity: r.entity,
  entityId: r.entity_id,
  orderId: r.entity === 'order' ? r.entity_id : null,
  leadId: r.entity === 'lead' ? r.entity_id : null,
  clientId: r.client_id,
  ruleId: r.rule_id,
  channel: r.channel,
  to: r.recipient,
  subject: r.subject,
  body: r.body,
  status: r.status,
  provider: r.provider,
  providerMessageId: r.provider_message_id,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  attemptStartedAt: r.attempt_started_at?.toISOString() ?? null,
  reconcileAfter: r.reconcile_after?.toISOString() ?? null,
  isFallback: r.is_fallback,
  fallbackOf: r.fallback_of,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export interface NewDelivery {
  companyId: string;
  idempotencyKey: string;
  kind: 'notification' | 'reminder';
  entity: EntityKind;
  entityId: string;
  clientId: string;
  ruleId: string | null;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  fallback?: { of: string | null };
}

/** Claims the idempotency key: a new row when none exists, else the row an earlier attempt left. */
export async function claimDelivery(
  db: Queryable,
  d: NewDelivery,
): Promise<{ delivery: Delivery; created: boolean }> {
  const inserted = await db.query<DeliveryRow>(
    `INSERT INTO deliveries (company_id, idempotency_key, kind, entity, entity_id, client_id, rule_id, channel,
       recipient, subject, body, status, is_fallback, fallback_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'retry', $12, $13)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
    [
      d.companyId,
      d.idempotencyKey,
      d.kind,
      d.entity,
      d.entityId,
      d.clientId,
      d.ruleId,
      d.channel,
      d.to,
      d.subject,
      d.body,
      !!d.fallback,
      d.fallback?.of ?? null,
    ],
  );
  if (inserted.rows[0]) return { delivery: toDelivery(inserted.rows[0]), created: true };
  const existing = await findDeliveryByKey(db, d.idempotencyKey);
  return { delivery: existing!, created: false };
}

/** Deliveries that count toward the frequency cap: claimed, being sent, sent or delivered. */
const COUNTED_STATUSES: DeliveryStatus[] = ['retry', 'sending', 'sent', 'delivered'];

/**
 * Claims the idempotency key unless the client has had `cap` messages in the last 24 hours (null: no cap).
 * The count and the claim run under a per-client advisory lock in one transaction, so two sends to one
 * client at the same instant cannot both pass the cap. A key claimed before is returned as it is.
 */
export async function claimDeliveryWithinCap(
  db: Pool,
  d: NewDelivery,
  cap: number | null,
): Promise<{ delivery: Delivery; created: boolean } | 'capped'> {
  if (cap === null) return claimDelivery(db, d);
  return inTransaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `frequency-cap:${d.companyId}:${d.clientId}`,
    ]);
    const existing = await findDeliveryByKey(tx, d.idempotencyKey);
    if (existing) return { delivery: existing, created: false };
    const { rows } = await tx.query<{ created_at: Date; now: Date }>(
      `SELECT created_at, clock_timestamp() AS now FROM deliveries
        WHERE client_id = $1 AND company_id = $2 AND status = ANY($3::text[])
        ORDER BY created_at DESC LIMIT $4`,
      [d.clientId, d.companyId, COUNTED_STATUSES, cap],
    );
    const now = rows[0]?.now ?? new Date();
    if (
      isFrequencyCapped(
        cap,
        rows.map((r) => r.created_at),
        now,
      )
    )
      return 'capped';
    return claimDelivery(tx, d);
  });
}

/** The delivery's status now (a fallback asks whether its primary was reported delivered). */
export async function deliveryStatus(db: Queryable, id: string): Promise<DeliveryStatus | null> {
  const { rows } = await db.query<{ status: DeliveryStatus }>('SELECT status FROM deliveries WHERE id = $1', [
    id,
  ]);
  return rows[0]?.status ?? null;
}

/**
 * Begins a provider call on what this attempt checked (channel, recipient, text): only a delivery known
 * not sent can begin one, so two attempts never call the provider for the same delivery at once.
 */
export async function beginAttempt(
  db: Queryable,
  id: string,
  checked: { channel: Channel; to: string; subject: string | null; body: string },
): Promise<Delivery | null> {
  const { rows } = await db.query<DeliveryRow>(
    `UPDATE deliveries SET status = 'sending', channel = $2, recipient = $3, subject = $4, body = $5,
       attempt_started_at = clock_timestamp(), reconcile_after = NULL, updated_at = clock_timestamp()
     WHERE id = $1 AND status = 'retry' RETURNING *`,
    [id, checked.channel, checked.to, checked.subject, checked.body],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

/** The provider call's outcome is unknown: it stays `sending`, to be reconciled no earlier than `after`. */
export async function markOutcomeUnknown(db: Queryable, id: string, after: Date, message: string) {
  await db.query(
    `UPDATE deliveries SET reconcile_after = $2, error_message = $3, updated_at = clock_timestamp()
     WHERE id = $1 AND status = 'sending'`,
    [id, after, message],
  );
}

/**
 * The provider has the message: records its id. Idempotent, and never undoes a status a webhook already
 * settled. Returns false when it was recorded before (so counters and the feed see it once).
 */
/**
 * Records the provider's acceptance, in one round trip with what the feed entry needs. `recordedNow` is
 * false when an earlier try of the same record already did it.
 */
export async function recordAcceptance(
  db: Queryable,
  id: string,
  accepted: { provider: string; providerMessageId: string },
): Promise<{ recordedNow: boolean; channel: Channel; recipient: string }> {
  const { rows } = await db.query<{ recorded_now: boolean; channel: Channel; recipient: string }>(
    `WITH updated AS (
       UPDATE deliveries SET status = 'sent', provider = $2, provider_message_id = $3, error_code = NULL,
              error_message = NULL, updated_at = clock_timestamp()
        WHERE id = $1 AND status IN ('sending', 'retry')
       RETURNING id)
     SELECT d.channel, d.recipient, EXISTS (SELECT 1 FROM updated) AS recorded_now
       FROM deliveries d WHERE d.id = $1`,
    [id, accepted.provider, accepted.providerMessageId],
  );
  const row = rows[0]!;
  return { recordedNow: row.recorded_now, channel: row.channel, recipient: row.recipient };
}

/** Provider ids already recorded for other deliveries to this recipient: reconciliation never takes them. */
export async function providerIdsRecordedFor(
  db: Queryable,
  companyId: string,
  recipient: string,
  exceptDeliveryId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ provider_message_id: string }>(
    `SELECT provider_message_id FROM deliveries
      WHERE company_id = $1 AND recipient = $2 AND id <> $3 AND provider_message_id IS NOT NULL
        AND created_at > now() - interval '2 days'`,
    [companyId, recipient, exceptDeliveryId],
  );
  return rows.map((r) => r.provider_message_id);
}

export async function findDeliveryByKey(db: Queryable, key: string): Promise<Delivery | null> {
  const { rows } = await db.query<DeliveryRow>('SELECT * FROM deliveries WHERE idempotency_key = $1', [key]);
  return rows[0] ? toDelivery(rows[0]) : null;
}

export async function markDelivery(
  db: Queryable,
  id: string,
  patch: {
    status: DeliveryStatus;
    provider?: string | null;
    providerMessageId?: string | null;
    errorCode?: string | null;
    errorMessage?: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = $2, provider = COALESCE($3, provider),
       provider_message_id = COALESCE($4, provider_message_id), error_code = $5, error_message = $6,
       updated_at = clock_timestamp()
     WHERE id = $1`,
    [
      id,
      patch.status,
      patch.provider ?? null,
      patch.providerMessageId ?? null,
      patch.errorCode ?? null,
      patch.errorMessage ?? null,
    ],
  );
}

/** A provider status callback: the delivery it refers to (any company; the provider id is global). */
export async function findDeliveryByProviderId(db: Queryable, provider: string, providerMessageId: string) {
  const { rows } = await db.query<DeliveryRow>(
    'SELECT * FROM deliveries WHERE provider = $1 AND provider_message_id = $2',
    [provider, providerMessageId],
  );
  return rows[0] ? { ...toDelivery(rows[0]), companyId: rows[0].company_id } : null;
}

export async function listDeliveries(
  db: Queryable,
  companyId: string,
  filter: { orderId?: string; leadId?: string; clientId?: string; cursor?: string; limit: number },
): Promise<Page<Delivery>> {
  const params: unknown[] = [companyId];
  let where = afterCursor(decodeCursor(filter.cursor), params);
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where += ` AND ${sql} $${params.length}`;
  };
  if (filter.orderId) add(`entity = 'order' AND entity_id =`, filter.orderId);
  if (filter.leadId) add(`entity = 'lead' AND entity_id =`, filter.leadId);
  if (filter.clientId) add('client_id =', filter.clientId);
  const { rows } = await db.query<DeliveryRow>(
    `SELECT * FROM deliveries WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${filter.limit + 1}`,
    params,
  );
  return toPage(rows, filter.limit, toDelivery);
}

/**
 * A provider's final word on a delivery (status callback / webhook): moves it to `delivered` or
 * `failed` unless it already has a final status, atomically, so repeated or concurrent callbacks
 * settle it once. `overridesDelivered` lets a `failed` replace `delivered` (an email that bounced after
 * the receiving server first accepted it). Returns the settled delivery, or null when nothing changed.
 */
export async function settleDelivery(
  db: Queryable,
  id: string,
  patch: {
    status: 'delivered' | 'failed';
    errorCode?: string | null;
    errorMessage?: string | null;
    overridesDelivered?: boolean;
  },
): Promise<Delivery | null> {
  const final = patch.status === 'failed' && patch.overridesDelivered ? ['failed'] : ['delivered', 'failed'];
  const { rows } = await db.query<DeliveryRow>(
    `UPDATE deliveries SET status = $2, error_code = COALESCE($3, error_code),
       error_message = COALESCE($4, error_message), updated_at = clock_timestamp()
     WHERE id = $1 AND status <> ALL($5::text[]) RETURNING *`,
    [id, patch.status, patch.errorCode ?? null, patch.errorMessage ?? null, final],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}
