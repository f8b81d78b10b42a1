import type { Pool, PoolClient } from 'pg';
import type { Channel, EntityKind, Reason } from '../../domain/types';
import { decodeSeqCursor, toSeqPage } from '../pagination';

type Queryable = Pool | PoolClient;

export interface FeedEntryInput {
  companyId: string;
  entity: EntityKind;
  entityId: string;
  type: string;
  at?: string | null;
  ruleId?: string | null;
  channel?: Channel | null;
  scheduledFor?: string | null;
  reason?: Reason | null;
  deliveryId?: string | null;
  to?: string | null;
  data?: Record<string, unknown>;
  /** Makes the write idempotent: a second write with the same key is ignored. */
  dedupeKey?: string | null;
}

export async function insertFeedEntry(db: Queryable, e: FeedEntryInput): Promise<void> {
  await db.query(
    `INSERT INTO feed_entries (company_id, entity, entity_id, at, type, rule_id, channel, scheduled_for, reason,
       delivery_id, recipient, data, dedupe_key)
     VALUES ($1, $2, $3, COALESCE($4::timestamptz, clock_timestamp()), $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      e.companyId,
      e.entity,
      e.entityId,
      e.at ?? null,
      e.type,
      e.ruleId ?? null,
      e.channel ?? null,
      e.scheduledFor ?? null,
      e.reason ?? null,
      e.deliveryId ?? null,
      e.to ?? null,
      JSON.stringify(e.data ?? {}),
      e.dedupeKey ?? null,
    ],
  );
}

interface FeedRow {
  id: number;
  at: Date;
  type: string;
  rule_id: string | null;
  channel: Channel | null;
  scheduled_for: Date | null;
  reason: Reason | null;
  delivery_id: string | null;
  recipient: string | null;
  data: Record<string, unknown>;
}

/** The entity's feed in the order things happened (insertion order; `at` may come from workflow time). */
export async function listFeed(
  db: Queryable,
  companyId: string,
  entityId: string,
  page: { cursor?: string; limit: number },
) {
  const { rows } = await db.query<FeedRow>(
    `SELECT * FROM feed_entries WHERE company_id = $1 AND entity_id = $2 AND id > $3
      ORDER BY id LIMIT ${page.limit + 1}`,
    [companyId, entityId, decodeSeqCursor(page.cursor)],
  );
  const { items, nextCursor } = toSeqPage(rows, page.limit, (r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    type: r.type,
    ruleId: r.rule_id,
    channel: r.channel,
    scheduledFor: r.scheduled_for?.toISOString() ?? null,
    reason: r.reason,
    deliveryId: r.delivery_id,
    to: r.recipient,
    ...r.data,
  }));
  return { entries: items, nextCursor };
}
