import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import { resolveApiKey, touchApiKey } from '../db/repositories/api-keys-repository';
import { AppError } from '../errors/app-error';

const unauthorized = () =>
  new AppError(401, 'unauthorized', 'Missing or invalid API key (Authorization: Bearer <key>)');

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

const LAST_USED_PRECISION_MS = 60_000;

/**
 * Resolves the API key to its company; every /v1 query is then scoped to `res.locals.companyId`. Keys are
 * looked up on every request (no cache), so a revoked key is refused by every replica at once.
 */
export function apiKeyAuth(db: Pool): RequestHandler {
  return async (req, res, next) => {
    const key = bearer(req.headers.authorization);
    if (!key) throw unauthorized();
    const resolved = await resolveApiKey(db, key);
    if (!resolved) throw unauthorized();
    if (!resolved.lastUsedAt || Date.now() - resolved.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await touchApiKey(db, resolved.keyId);
    }
    res.locals.apiKey = resolved;
    res.locals.companyId = resolved.companyId;
    next();
  };
}

export function adminTokenAuth(adminToken: string): RequestHandler {
  const expected = crypto.createHash('sha256').update(adminToken).digest();
  return (req, _res, next) => {
    const token = bearer(req.headers.authorization);
    // An empty operator token must not let a request without any token through.
    if (!token || !adminToken) throw unauthorized();
    const given = crypto.createHash('sha256').update(token).digest();
    if (!crypto.timingSafeEqual(given, expected)) throw unauthorized();
    next();
  };
}
