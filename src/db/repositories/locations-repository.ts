import type { Pool, PoolClient } from 'pg';
import type { WorkingHours } from '../../domain/types';
import { afterCursor, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../pagination';

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

export async function listLocations(db: Pool, companyId: string, cursor?: string): Promise<Page<Location>> {
  const params: unknown[] = [companyId];
  const where = afterCursor(decodeCursor(cursor), params);
  const { rows } = await db.query<LocationRow>(
    `SELECT * FROM locations WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${DEFAULT_PAGE_SIZE + 1}`,
    params,
  );
  return toPage(rows, DEFAULT_PAGE_SIZE, toLocation);
}

export async function listAllLocationIds(db: Pool | PoolClient, companyId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM locations WHERE company_id = $1 ORDER BY created_at, id',
    [companyId],
  );
  return rows.map((r) => r.id);
}

export async function updateLocation(
  db: Pool,
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

/** Deleting refuses while orders still point at the location (their history must stay readable). */
export async function deleteLocation(db: Pool, companyId: string, id: string): Promise<'deleted' | 'in_use'> {
  const used = await db.query('SELECT 1 FROM orders WHERE company_id = $1 AND location_id = $2 LIMIT 1', [
    companyId,
    id,
  ]);
  if (used.rowCount) return 'in_use';
  await db.query('DELETE FROM locations WHERE company_id = $1 AND id = $2', [companyId, id]);
  return 'deleted';
}
