import type { Pool, PoolClient } from 'pg';
import type { EntityKind } from '../../domain/types';
import { afterCursor, decodeCursor, Page, toPage } from '../pagination';

export interface Status {
  id: string;
  entity: EntityKind;
  name: string;
  final: boolean;
}

interface StatusRow extends Status {
  created_at: Date;
}

const toStatus = (r: StatusRow): Status => ({ id: r.id, entity: r.entity, name: r.name, final: r.final });

export async function insertStatus(db: Pool, companyId: string, input: Omit<Status, 'id'>): Promise<Status> {
  const { rows } = await db.query<StatusRow>(
    'INSERT INTO statuses (company_id, entity, name, final) VALUES ($1, $2, $3, $4) RETURNING *',
    [companyId, input.entity, input.name, input.final],
  );
  return toStatus(rows[0]!);
}

export async function findStatus(
  db: Pool | PoolClient,
  companyId: string,
  id: string,
): Promise<Status | null> {
  const { rows } = await db.query<StatusRow>('SELECT * FROM statuses WHERE company_id = $1 AND id = $2', [
    companyId,
    id,
  ]);
  return rows[0] ? toStatus(rows[0]) : null;
}

export async function listStatuses(
  db: Pool,
  companyId: string,
  filter: { entity?: EntityKind; cursor?: string; limit: number },
): Promise<Page<Status>> {
  const params: unknown[] = [companyId];
  let where = afterCursor(decodeCursor(filter.cursor), params);
  if (filter.entity) {
    params.push(filter.entity);
    where += ` AND entity = $${params.length}`;
  }
  const { rows } = await db.query<StatusRow>(
    `SELECT * FROM statuses WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${filter.limit + 1}`,
    params,
  );
  return toPage(rows, filter.limit, toStatus);
}

export async function updateStatus(
  db: Pool,
  companyId: string,
  id: string,
  patch: { name?: string; final?: boolean },
): Promise<Status | null> {
  const { rows } = await db.query<StatusRow>(
    `UPDATE statuses SET name = COALESCE($3, name), final = COALESCE($4, final)
     WHERE company_id = $1 AND id = $2 RETURNING *`,
    [companyId, id, patch.name ?? null, patch.final ?? null],
  );
  return rows[0] ? toStatus(rows[0]) : null;
}

/** A status still used by an order, a lead or a rule cannot go: their history would lose its meaning. */
export async function deleteStatus(
  db: Pool,
  companyId: string,
  id: string,
): Promise<'deleted' | 'in_use' | 'missing'> {
  const { rows } = await db.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM orders WHERE status_id = $1)
         OR EXISTS (SELECT 1 FROM leads WHERE status_id = $1)
         OR EXISTS (SELECT 1 FROM notification_rules WHERE trigger_status_id = $1) AS used`,
    [id],
  );
  if (rows[0]!.used) return 'in_use';
  const deleted = await db.query('DELETE FROM statuses WHERE company_id = $1 AND id = $2', [companyId, id]);
  return deleted.rowCount ? 'deleted' : 'missing';
}
