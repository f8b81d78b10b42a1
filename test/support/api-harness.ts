import pino from 'pino';
import { Pool } from 'pg';
import { createApp } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/deps';
import { closeSharedRenderPool } from '../../src/templates/render-pool';
import { RuleChangeFanout } from '../../src/services/rule-change-fanout';
import { newTenantClient } from './tenant-http';

/** At least 24 characters, as the API requires of a real one. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface ApiHarness {
  db: Pool;
  app: ReturnType<typeof createApp>;
  deps: ApiDeps;
  fanout: RuleChangeFanout;
  close(): Promise<void>;
}

/** Far above what a test sends, so only the rate-limit tests meet a limit (they set their own). */
export const TEST_RATE_LIMIT = { perSecond: 100_000, burst: 100_000 };

/**
 * The API on the shared test database, with its rule-change fan-out worker running; Temporal is reported
 * healthy unless a test says otherwise.
 */
export function createApiHarness(
  overrides: Partial<ApiDeps> = {},
  options: { database?: string; runFanout?: boolean } = {},
): ApiHarness {
  const db = new Pool({ connectionString: options.database ?? process.env.TEST_DATABASE_URL, max: 20 });
  const logger = pino({ level: 'silent' });
  const wakeEventRelay = overrides.wakeEventRelay ?? (() => undefined);
  const fanout = new RuleChangeFanout({ db, logger, wakeEventRelay, intervalMs: 200 });
  const deps: ApiDeps = {
    db,
    logger,
    adminToken: ADMIN_TOKEN,
    temporalHealthy: async () => true,
    wakeEventRelay,
    // A test that drives the fan-out itself runs no worker of its own.
    wakeRuleFanout: () => (options.runFanout === false ? undefined : fanout.wake()),
    rateLimit: TEST_RATE_LIMIT,
    pendingSends: async () => [],
    engineState: async () => 'absent',
    ...overrides,
  };
  if (options.runFanout !== false) fanout.start();
  return {
    db,
    app: createApp(deps),
    deps,
    fanout,
    close: async () => {
      await fanout.stop();
      await closeSharedRenderPool();
      await db.end();
    },
  };
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
