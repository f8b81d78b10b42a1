import type { Pool, PoolClient } from 'pg';
import type { WorkingHours } from '../../domain/types';
import { afterCursor, decodeCursor, Page, toPage } from '../pagination';
import { inTransaction } from '../pool';

export interface Location {
  id: string;
  name: string;
  timezone: string;
  address: string | null;
  phone: string | null;
  workingHours: WorkingHours;
  createdAt: string;
}

export type LocationInput = Omit<Location, 'id' | 'createdAt'>;

interface LocationRow {
  id: string;
  name: string;
  timezone: string;
  address: string | null;
  phone: string | null;
  working_hours: WorkingHours;
  created_at: Date;
}

const toLocation = (r: LocationRow): Location => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  address: r.address,
  phone: r.phone,
  workingHours: r.working_hours,
  createdAt: r.created_at.toISOString(),
});

export async function insertLocation(db: Pool, companyId: string, input: LocationInput): Promise<Location> {
  const { rows } = await db.query<LocationRow>(
    `INSERT INTO locations (company_id, name, timezone, address, phone, working_hours)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [companyId, input.name, input.timezone, input.address, input.phone, JSON.stringify(input.workingHours)],
  );
  return toLocation(rows[0]!);
}

export async function findLocation(
  db: Pool | PoolClient,
  companyId: string,
  id: string,
): Promise<Location | null> {
  const { rows } = await db.query<LocationRow>('SELECT * FROM locations WHERE company_id = $1 AND id = $2', [
    companyId,
    id,
  ]);
  return rows[0] ? toLocation(rows[0]) : null;
}

export async function listLocations(
  db: Pool,
  companyId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<Location>> {
  const params: unknown[] = [companyId];
  const where = afterCursor(decodeCursor(page.cursor), params);
  const { rows } = await db.query<LocationRow>(
    `SELECT * FROM locations WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${page.limit + 1}`,
    params,
  );
  return toPage(rows, page.limit, toLocation);
}

export async function listAllLocationIds(db: Pool | PoolClient, companyId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    // Key-share locks: a concurrent delete of one of them waits for the caller's copies (and then sees
    // them), or has already won and its location is not listed.
    'SELECT id FROM locations WHERE company_id = $1 ORDER BY created_at, id FOR KEY SHARE',
    [companyId],
  );
  return rows.map((r) => r.id);
}

export async function updateLocation(
  db: Pool | PoolClient,
  companyId: string,
  id: string,
  input: LocationInput,
): Promise<Location> {
  const { rows } = await db.query<LocationRow>(
    `UPDATE locations SET name = $3, timezone = $4, address = $5, phone = $6, working_hours = $7, updated_at = now()
     WHERE company_id = $1 AND id = $2 RETURNING *`,
    [
      companyId,
      id,
      input.name,
      input.timezone,
      input.address,
      input.phone,
      JSON.stringify(input.workingHours),
    ],
  );
  return toLocation(rows[0]!);
}

/**
 * Deleting refuses while orders or rules still point at the location: orders' history must stay readable,
 * and rules would otherwise vanish with it.
 */
/**
 * Deletes a location nothing belongs to. The row is locked first: an order or rule being created for it
 * holds a key-share lock (its foreign key check), so either that creation commits first and is seen
 * here (`has_orders` / `has_rules`), or it waits for this delete and then finds the location gone —
 * never an order pointing nowhere, never a new rule cascaded away.
 */
export async function deleteLocation(
  db: Pool,
  companyId: string,
  id: string,
): Promise<'deleted' | 'not_found' | 'has_orders' | 'has_rules'> {
  return inTransaction(db, async (tx) => {
    const locked = await tx.query('SELECT 1 FROM locations WHERE company_id = $1 AND id = $2 FOR UPDATE', [
      companyId,
      id,
    ]);
    if (locked.rowCount === 0) return 'not_found';
    const used = await tx.query<{ what: 'has_orders' | 'has_rules' }>(
      `SELECT 'has_orders' AS what FROM orders WHERE company_id = $1 AND location_id = $2
       UNION ALL
       SELECT 'has_rules' FROM notification_rules WHERE company_id = $1 AND location_id = $2
       LIMIT 1`,
      [companyId, id],
    );
    if (used.rows[0]) return used.rows[0].what;
    await tx.query('DELETE FROM locations WHERE company_id = $1 AND id = $2', [companyId, id]);
    return 'deleted';
  });
}

/** Enabled `workingHoursOnly` rules of the location: they need it to open at some point. */
export async function countWorkingHoursOnlyRules(db: Pool, companyId: string, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM notification_rules
      WHERE company_id = $1 AND location_id = $2 AND enabled AND working_hours_only`,
    [companyId, id],
  );
  return Number(rows[0]!.n);
}
