import type { Pool, PoolClient } from 'pg';
import { generateApiKey, hashApiKey } from '../api-keys';
import { inTransaction } from '../pool';

export interface Company {
  id: string;
  name: string;
}

/** Creates a company with default settings and its first API key (returned once, stored hashed). */
export async function createCompany(db: Pool, name: string): Promise<{ company: Company; apiKey: string }> {
  return inTransaction(db, async (tx) => {
    const { rows } = await tx.query<Company>('INSERT INTO companies (name) VALUES ($1) RETURNING id, name', [
      name,
    ]);
    const company = rows[0]!;
    await tx.query('INSERT INTO company_settings (company_id) VALUES ($1)', [company.id]);
    const apiKey = await addApiKey(tx, company.id);
    return { company, apiKey };
  });
}

export async function addApiKey(db: Pool | PoolClient, companyId: string, label?: string): Promise<string> {
  const key = generateApiKey();
  await db.query('INSERT INTO api_keys (company_id, key_hash, key_prefix, label) VALUES ($1, $2, $3, $4)', [
    companyId,
    hashApiKey(key),
    key.slice(0, 8),
    label ?? null,
  ]);
  return key;
}

export async function findCompanyByApiKey(db: Pool, key: string): Promise<Company | null> {
  const { rows } = await db.query<Company>(
    `SELECT c.id, c.name FROM api_keys k JOIN companies c ON c.id = k.company_id WHERE k.key_hash = $1`,
    [hashApiKey(key)],
  );
  return rows[0] ?? null;
}

export async function findCompany(db: Pool | PoolClient, id: string): Promise<Company | null> {
  const { rows } = await db.query<Company>('SELECT id, name FROM companies WHERE id = $1', [id]);
  return rows[0] ?? null;
}
