import fs from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  const testDb = state.__TEST_DB__ as { serverUrl: string; database: string; template: string } | undefined;
  const embedded = state.__EMBEDDED_PG__ as { pg: EmbeddedPostgres; dataDir: string } | undefined;
  state.__TEST_DB__ = undefined;
  state.__EMBEDDED_PG__ = undefined;
  if (testDb && !embedded) {
    // On a server we do not own, leave nothing behind.
    const admin = new Client({ connectionString: testDb.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${testDb.database}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${testDb.template}" WITH (FORCE)`);
    await admin.end();
  }
  if (embedded) {
    await embedded.pg.stop();
    // As root in a private folder the data lives elsewhere, linked from the temporary folder.
    fs.rmSync(embedded.pg.dataDir, { recursive: true, force: true });
    fs.rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
