import type { Pool, PoolClient } from 'pg';
import { generateApiKey, hashApiKey } from '../api-keys';
import { afterCursor, decodeCursor, toPage, type Page } from '../pagination';

type Queryable = Pool | PoolClient;

/** An API key as listed: never the secret, only the prefix that lets a person recognise it. */
export interface ApiKeyView {
  id: string;
  label: string | null;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What a request's key resolves to: its company and the company's rate limit (null: the default). */
export interface ResolvedApiKey {
  keyId: string;
  companyId: string;
  lastUsedAt: Date | null;
  rateLimit: { perSecond: number | null; burst: number | null };
}

interface ApiKeyRow {
  id: string;
  label: string | null;
  key_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
}

const toView = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  label: r.label,
  prefix: r.key_prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

/** Issues a key; the secret is in the answer only (the table keeps its SHA-256). */
export async function issueApiKey(
  db: Queryable,
  companyId: string,
  label: string | null = null,
): Promise<ApiKeyView & { apiKey: string }> {
  const apiKey = generateApiKey();
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (company_id, key_hash, key_prefix, label) VALUES ($1, $2, $3, $4)
     RETURNING id, label, key_prefix, created_at, last_used_at`,
    [companyId, hashApiKey(apiKey), apiKey.slice(0, 8), label],
  );
  return { ...toView(rows[0]!), apiKey };
}

export async function listApiKeys(
  db: Queryable,
  companyId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<ApiKeyView>> {
  const params: unknown[] = [companyId];
  const where = afterCursor(decodeCursor(page.cursor), params);
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT id, label, key_prefix, created_at, last_used_at FROM api_keys
      WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${page.limit + 1}`,
    params,
  );
  return toPage(rows, page.limit, toView);
}

/** Deletes the key: the next request with it, on any replica, finds nothing (no key is cached). */
export async function revokeApiKey(db: Queryable, companyId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM api_keys WHERE company_id = $1 AND id = $2', [
    companyId,
    id,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function resolveApiKey(db: Queryable, key: string): Promise<ResolvedApiKey | null> {
  const { rows } = await db.query<{
    id: string;
    company_id: string;
    last_used_at: Date | null;
    rate_limit_per_second: number | null;
    rate_limit_burst: number | null;
  }>(
    `SELECT k.id, k.company_id, k.last_used_at, c.rate_limit_per_second, c.rate_limit_burst
       FROM api_keys k JOIN companies c ON c.id = k.company_id WHERE k.key_hash = $1`,
    [hashApiKey(key)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    keyId: row.id,
    companyId: row.company_id,
    lastUsedAt: row.last_used_at,
    rateLimit: { perSecond: row.rate_limit_per_second, burst: row.rate_limit_burst },
  };
}

/** Records use at most once a minute per key, so a busy key costs one write a minute, not one a request. */
export async function touchApiKey(db: Queryable, keyId: string): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [keyId],
  );
}
