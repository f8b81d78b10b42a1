/**
 * Durable "rule change fan-out" jobs (see services/rule-change-fanout.ts): what a rule change concerns is
 * stored with the change; the entities are found and told in batches afterwards.
 */
import type { Pool, PoolClient } from 'pg';
import type { EntityEvent, EntityKind } from '../../domain/types';

export interface FanoutJob {
  id: string;
  companyId: string;
  ruleIds: string[];
  locationIds: string[];
  phase: 'scheduled' | 'reminders';
  after: { entity: EntityKind; id: string } | null;
}

interface FanoutRow {
  id: string;
  company_id: string;
  rule_ids: string[];
  location_ids: string[];
  phase: FanoutJob['phase'];
  after_entity: EntityKind | null;
  after_id: string | null;
}

/** An entity a batch tells, as it is now (the event carries its current state). */
export interface FanoutTarget {
  entity: EntityKind;
  id: string;
  statusId: string;
  dueDate: string | null;
  clientId: string;
  locationId: string | null;
}

export async function insertFanout(
  tx: PoolClient,
  companyId: string,
  job: { ruleIds: string[]; locationIds: string[] },
): Promise<void> {
  await tx.query(
    'INSERT INTO rule_change_fanouts (company_id, rule_ids, location_ids, phase) VALUES ($1, $2, $3, $4)',
    [companyId, job.ruleIds, job.locationIds, job.ruleIds.length > 0 ? 'scheduled' : 'reminders'],
  );
}

/** The job whose turn it is, locked for this transaction; other replicas skip it and take the next. */
export async function claimFanout(tx: PoolClient): Promise<FanoutJob | null> {
  const { rows } = await tx.query<FanoutRow>(
    'SELECT * FROM rule_change_fanouts ORDER BY progressed_at LIMIT 1 FOR UPDATE SKIP LOCKED',
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    companyId: r.company_id,
    ruleIds: r.rule_ids,
    locationIds: r.location_ids,
    phase: r.phase,
    after: r.after_entity && r.after_id ? { entity: r.after_entity, id: r.after_id } : null,
  };
}

export async function advanceFanout(
  tx: PoolClient,
  id: string,
  next: { phase: FanoutJob['phase']; after: FanoutJob['after'] },
): Promise<void> {
  await tx.query(
    `UPDATE rule_change_fanouts SET phase = $2, after_entity = $3, after_id = $4, progressed_at = clock_timestamp()
      WHERE id = $1`,
    [id, next.phase, next.after?.entity ?? null, next.after?.id ?? null],
  );
}

export async function finishFanout(tx: PoolClient, id: string): Promise<void> {
  await tx.query('DELETE FROM rule_change_fanouts WHERE id = $1', [id]);
}

/** A failed batch goes to the back of the line, so it cannot hold up other jobs. */
export async function recordFanoutFailure(db: Pool, id: string, error: string): Promise<void> {
  await db.query(
    `UPDATE rule_change_fanouts SET attempts = attempts + 1, last_error = $2, progressed_at = clock_timestamp()
      WHERE id = $1`,
    [id, error],
  );
}

/**
 * Orders and leads with a send of the job's rules scheduled that may still be pending (the feed is the
 * only record of it outside the workflows; an hour's margin covers sends still being processed), after
 * the cursor in (entity, id) order, locked in that order so concurrent batches never deadlock.
 */
export async function lockScheduledTargets(
  tx: PoolClient,
  job: FanoutJob,
  limit: number,
): Promise<{ targets: FanoutTarget[]; scanned: number; last: FanoutJob['after'] }> {
  const { rows } = await tx.query<{ entity: EntityKind; entity_id: string }>(
    `SELECT DISTINCT entity, entity_id FROM feed_entries
      WHERE rule_id = ANY($2::uuid[]) AND type = 'notification.scheduled' AND company_id = $1
        AND scheduled_for > now() - interval '1 hour'
        AND ($3::text IS NULL OR (entity, entity_id) > ($3::text, $4::uuid))
      ORDER BY entity, entity_id LIMIT ${limit}`,
    [job.companyId, job.ruleIds, job.after?.entity ?? null, job.after?.id ?? null],
  );
  const idsOf = (entity: EntityKind) => rows.filter((r) => r.entity === entity).map((r) => r.entity_id);
  const leads = await tx.query<TargetRow>(
    `SELECT id, status_id, NULL::timestamptz AS due_date, client_id, NULL::uuid AS location_id FROM leads
      WHERE company_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [job.companyId, idsOf('lead')],
  );
  const orders = await tx.query<TargetRow>(
    `SELECT id, status_id, due_date, client_id, location_id FROM orders
      WHERE company_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [job.companyId, idsOf('order')],
  );
  const last = rows[rows.length - 1];
  return {
    targets: [...leads.rows.map((r) => toTarget('lead', r)), ...orders.rows.map((r) => toTarget('order', r))],
    scanned: rows.length,
    last: last ? { entity: last.entity, id: last.entity_id } : null,
  };
}

/** Open orders (status not final) of the job's locations with a due date ahead, after the cursor, locked. */
export async function lockReminderTargets(
  tx: PoolClient,
  job: FanoutJob,
  limit: number,
): Promise<FanoutTarget[]> {
  const { rows } = await tx.query<TargetRow>(
    `SELECT o.id, o.status_id, o.due_date, o.client_id, o.location_id
       FROM orders o JOIN statuses s ON s.id = o.status_id
      WHERE o.location_id = ANY($2::uuid[]) AND o.company_id = $1 AND o.due_date > now() AND NOT s.final
        AND ($3::uuid IS NULL OR o.id > $3::uuid)
      ORDER BY o.id LIMIT ${limit} FOR UPDATE OF o`,
    [job.companyId, job.locationIds, job.after?.id ?? null],
  );
  return rows.map((r) => toTarget('order', r));
}

interface TargetRow {
  id: string;
  status_id: string;
  due_date: Date | null;
  client_id: string;
  location_id: string | null;
}

const toTarget = (entity: EntityKind, r: TargetRow): FanoutTarget => ({
  entity,
  id: r.id,
  statusId: r.status_id,
  dueDate: r.due_date?.toISOString() ?? null,
  clientId: r.client_id,
  locationId: r.location_id,
});

/**
 * One `<entity>.rules_changed` event per target, in one statement. The event describes the entity as it
 * is: no change of its own, so "previous" equals current.
 */
export async function insertRulesChangedEvents(
  tx: PoolClient,
  companyId: string,
  targets: FanoutTarget[],
): Promise<void> {
  if (targets.length === 0) return;
  const payloads = targets.map((t) => {
    const event: Omit<EntityEvent, 'id' | 'at'> = {
      companyId,
      entity: t.entity,
      entityId: t.id,
      type: `${t.entity}.rules_changed`,
      statusId: t.statusId,
      previousStatusId: t.statusId,
      dueDate: t.dueDate,
      previousDueDate: t.dueDate,
    };
    const start: Record<string, string> = { clientId: t.clientId };
    if (t.locationId) start.locationId = t.locationId;
    return { event, start };
  });
  await tx.query(
    `INSERT INTO entity_events (company_id, entity, entity_id, type, payload)
     SELECT $1, p->'event'->>'entity', (p->'event'->>'entityId')::uuid, p->'event'->>'type', p
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(p, n) ORDER BY n`,
    [companyId, JSON.stringify(payloads)],
  );
}
