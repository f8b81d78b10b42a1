import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when set (a fresh database is created on that
 * server), else an embedded server in a temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  // Several jest projects name this setup; the first one starts the database for all of them.
  if ((globalThis as Record<string, unknown>).__TEST_DB__) return;
  const database = `notifications_test_${process.pid}_${Date.now()}`;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifications-pg-'));
    // mkdtemp makes a private folder: open it so root's postgres user keeps its data here, not in /var/lib.
    fs.chmodSync(dataDir, 0o755);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port });
    serverUrl = pg.url;
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { pg, dataDir };
  }
  // `database` is shared by the API tests; `template` is migrated once and copied for each end-to-end
  // stack, whose event relay must see only its own events.
  const template = `${database}_template`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  process.env.TEST_DATABASE_URL = urlOf(database);
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  process.env.TEST_DATABASE_TEMPLATE = template;
  (globalThis as Record<string, unknown>).__TEST_DB__ = { serverUrl, database, template };
  await migrate(process.env.TEST_DATABASE_URL);
  await migrate(urlOf(template));
}
