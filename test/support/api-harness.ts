import pino from 'pino';
import { Pool } from 'pg';
import { createApp } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/deps';
import { closeSharedRenderPool } from '../../src/templates/render-pool';
import { newTenantClient } from './tenant-http';

/** At least 24 characters, as the API requires of a real one. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface ApiHarness {
  db: Pool;
  app: ReturnType<typeof createApp>;
  deps: ApiDeps;
  close(): Promise<void>;
}

/** The API on the shared test database; Temporal is reported healthy unless a test says otherwise. */
export function createApiHarness(overrides: Partial<ApiDeps> = {}): ApiHarness {
  const db = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 20 });
  const deps: ApiDeps = {
    db,
    logger: pino({ level: 'silent' }),
    adminToken: ADMIN_TOKEN,
    temporalHealthy: async () => true,
    wakeEventRelay: () => undefined,
    pendingSends: async () => [],
    engineState: async () => 'absent',
    ...overrides,
  };
  const close = async () => {
    await closeSharedRenderPool();
    await db.end();
  };
  return { db, app: createApp(deps), deps, close };
}

/** A fresh company (its own tenant) and requests that send its API key. */
export function newTenant(harness: ApiHarness, name = 'Fixit Repairs') {
  return newTenantClient(harness.db, harness.app, name);
}

export const weekdayHours = {
  mon: [{ from: '09:00', to: '18:00' }],
  tue: [{ from: '09:00', to: '18:00' }],
  wed: [{ from: '09:00', to: '18:00' }],
  thu: [{ from: '09:00', to: '18:00' }],
  fri: [{ from: '09:00', to: '18:00' }],
  sat: [],
  sun: [],
};
