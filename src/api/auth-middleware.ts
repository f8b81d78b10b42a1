import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import { findCompanyByApiKey } from '../db/repositories/companies-repository';
import { AppError } from '../errors/app-error';

const unauthorized = () =>
  new AppError(401, 'unauthorized', 'Missing or invalid API key (Authorization: Bearer <key>)');

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Resolves the API key to its company; every /v1 query is then scoped to `res.locals.companyId`. */
export function apiKeyAuth(db: Pool): RequestHandler {
  return async (req, res, next) => {
    const key = bearer(req.headers.authorization);
    if (!key) throw unauthorized();
    const company = await findCompanyByApiKey(db, key);
    if (!company) throw unauthorized();
    res.locals.companyId = company.id;
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
