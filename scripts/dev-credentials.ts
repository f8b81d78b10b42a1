import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Pool } from 'pg';
import { resolveApiKey } from '../src/db/repositories/api-keys-repository';
import { createCompany, findCompany } from '../src/db/repositories/companies-repository';

export interface DevCredentials {
  adminToken: string;
  companyId: string;
  apiKey: string;
}

/**
 * The embedded default's operator token and dev company key, kept in the (git-ignored) data folder so a
 * second `npm start` prints the same ones: keys are stored hashed in the database and cannot be re-read.
 */
export async function loadOrCreateDevCredentials(file: string, db: Pool, adminTokenFromEnv?: string) {
  let saved: Partial<DevCredentials> = {};
  if (fs.existsSync(file)) saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  const adminToken = adminTokenFromEnv ?? saved.adminToken ?? crypto.randomBytes(18).toString('base64url');
  const stillValid =
    saved.companyId &&
    saved.apiKey &&
    (await findCompany(db, saved.companyId)) &&
    (await resolveApiKey(db, saved.apiKey))?.companyId === saved.companyId;
  let credentials: DevCredentials;
  if (stillValid) {
    credentials = { adminToken, companyId: saved.companyId!, apiKey: saved.apiKey! };
  } else {
    const { company, apiKey } = await createCompany(db, 'Dev Company');
    credentials = { adminToken, companyId: company.id, apiKey };
  }
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
