import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../pool';
import { issueApiKey } from './api-keys-repository';

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
    const { apiKey } = await issueApiKey(tx, company.id);
    return { company, apiKey };
  });
}

export async function findCompany(db: Pool | PoolClient, id: string): Promise<Company | null> {
  const { rows } = await db.query<Company>('SELECT id, name FROM companies WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/** A company's own request rate per API key; null fields fall back to the configured default. */
export interface CompanyRateLimit {
  perSecond: number | null;
  burst: number | null;
}

export async function setCompanyRateLimit(
  db: Pool | PoolClient,
  id: string,
  limit: CompanyRateLimit,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE companies SET rate_limit_per_second = $2, rate_limit_burst = $3 WHERE id = $1',
    [id, limit.perSecond, limit.burst],
  );
  return (rowCount ?? 0) > 0;
}
