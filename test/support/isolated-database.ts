import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface IsolatedDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer(work: (admin: Client) => Promise<unknown>): Promise<void> {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_SERVER_URL });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database of its own, copied from the migrated template the global set-up made: an end-to-end stack's
 * event relay delivers every undelivered event it finds, so stacks running side by side must not share one.
 */
export async function createIsolatedDatabase(): Promise<IsolatedDatabase> {
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  await onServer((admin) =>
    admin.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env.TEST_DATABASE_TEMPLATE}"`),
  );
  const url = new URL(process.env.TEST_DATABASE_SERVER_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}
