import type { Pool, PoolClient } from 'pg';
import type { EntityEvent, EntityKind } from '../../domain/types';
import { afterCursor, decodeCursor, Page, toPage } from '../pagination';

type Queryable = Pool | PoolClient;

export interface Order {
  id: string;
  number: string;
  clientId: string;
  locationId: string;
  statusId: string;
  dueDate: string | null;
  createdAt: string;
}

export interface Lead {
  id: string;
  number: string;
  clientId: string;
  statusId: string;
  createdAt: string;
}

interface EntityRow {
  id: string;
  number: string;
  client_id: string;
  location_id?: string;
  status_id: string;
  due_date?: Date | null;
  created_at: Date;
}

const toOrder = (r: EntityRow): Order => ({
  id: r.id,
  number: r.number,
  clientId: r.client_id,
  locationId: r.location_id!,
  statusId: r.status_id,
  dueDate: r.due_date ? r.due_date.toISOString() : null,
  createdAt: r.created_at.toISOString(),
});

const toLead = (r: EntityRow): Lead => ({
  id: r.id,
  number: r.number,
  clientId: r.client_id,
  statusId: r.status_id,
  createdAt: r.created_at.toISOString(),
});

const TABLE: Record<EntityKind, string> = { order: 'orders', lead: 'leads' };

/**
 * The next generated number for the company: a per-company counter (locked by the UPDATE), skipping numbers
 * a caller already chose by hand, so a generated number never collides with one.
 */
export async function nextNumber(tx: PoolClient, companyId: string, entity: EntityKind): Promise<string> {
  const column = entity === 'order' ? 'next_order_number' : 'next_lead_number';
  for (;;) {
    const { rows } = await tx.query<{ n: number; taken: boolean }>(
      `UPDATE companies SET ${column} = ${column} + 1 WHERE id = $1
       RETURNING ${column} - 1 AS n,
         EXISTS (SELECT 1 FROM ${TABLE[entity]} WHERE company_id = $1 AND number = (${column} - 1)::text) AS taken`,
      [companyId],
    );
    if (!rows[0]!.taken) return String(rows[0]!.n);
  }
}

export async function insertOrder(
  tx: PoolClient,
  companyId: string,
  o: Omit<Order, 'id' | 'createdAt'>,
): Promise<Order> {
  const { rows } = await tx.query<EntityRow>(
    `INSERT INTO orders (company_id, number, client_id, location_id, status_id, due_date)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [companyId, o.number, o.clientId, o.locationId, o.statusId, o.dueDate],
  );
  return toOrder(rows[0]!);
}

export async function insertLead(
  tx: PoolClient,
  companyId: string,
  l: Omit<Lead, 'id' | 'createdAt'>,
): Promise<Lead> {
  const { rows } = await tx.query<EntityRow>(
    'INSERT INTO leads (company_id, number, client_id, status_id) VALUES ($1, $2, $3, $4) RETURNING *',
    [companyId, l.number, l.clientId, l.statusId],
  );
  return toLead(rows[0]!);
}

export async function findOrder(db: Queryable, companyId: string, id: string, forUpdate = false) {
  const { rows } = await db.query<EntityRow>(
    `SELECT * FROM orders WHERE company_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [companyId, id],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

export async function findLead(db: Queryable, companyId: string, id: string, forUpdate = false) {
  const { rows } = await db.query<EntityRow>(
    `SELECT * FROM leads WHERE company_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [companyId, id],
  );
  return rows[0] ? toLead(rows[0]) : null;
}

export async function listEntities(
  db: Queryable,
  companyId: string,
  entity: EntityKind,
  page: { cursor?: string; limit: number },
): Promise<Page<Order | Lead>> {
  const params: unknown[] = [companyId];
  const where = afterCursor(decodeCursor(page.cursor), params);
  const { rows } = await db.query<EntityRow>(
    `SELECT * FROM ${TABLE[entity]} WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${page.limit + 1}`,
    params,
  );
  return toPage(rows, page.limit, entity === 'order' ? toOrder : toLead);
}

export async function updateOrderFields(
  tx: PoolClient,
  companyId: string,
  id: string,
  f: { statusId: string; dueDate: string | null },
): Promise<Order> {
  const { rows } = await tx.query<EntityRow>(
    'UPDATE orders SET status_id = $3, due_date = $4, updated_at = now() WHERE company_id = $1 AND id = $2 RETURNING *',
    [companyId, id, f.statusId, f.dueDate],
  );
  return toOrder(rows[0]!);
}

export async function updateLeadStatus(
  tx: PoolClient,
  companyId: string,
  id: string,
  statusId: string,
): Promise<Lead> {
  const { rows } = await tx.query<EntityRow>(
    'UPDATE leads SET status_id = $3, updated_at = now() WHERE company_id = $1 AND id = $2 RETURNING *',
    [companyId, id, statusId],
  );
  return toLead(rows[0]!);
}

/** Stores the event in the transactional outbox; the relay delivers it to the workflow. */
export async function insertEntityEvent(
  tx: PoolClient,
  event: Omit<EntityEvent, 'id' | 'at'>,
  start: Record<string, string>,
): Promise<EntityEvent> {
  const { rows } = await tx.query<{ id: string; created_at: Date }>(
    `INSERT INTO entity_events (company_id, entity, entity_id, type, payload) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, created_at`,
    [event.companyId, event.entity, event.entityId, event.type, JSON.stringify({ event, start })],
  );
  return { ...event, id: rows[0]!.id, at: rows[0]!.created_at.toISOString() };
}
