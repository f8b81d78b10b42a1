/** Production entry point: the API (and event relay) against DATABASE_URL and TEMPORAL_ADDRESS. */
import { startApiServer } from './api-server';
import { loadEnv } from './config';
import { migrate } from './db/migrate';
import { createPool } from './db/pool';
import { createLogger } from './logger';

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required (npm start runs the embedded defaults)');
  if (!env.ADMIN_TOKEN) throw new Error('ADMIN_TOKEN is required');
  if (env.MIGRATE_ON_START) await migrate(env.DATABASE_URL);
  const db = createPool(env.DATABASE_URL, env.DATABASE_POOL_MAX, (err) =>
    logger.warn(`database: idle connection lost (${err.message})`),
  );
  const api = await startApiServer({
    env,
    db,
    logger,
    adminToken: env.ADMIN_TOKEN,
    temporalAddress: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
  });
  logger.info({ url: api.url }, 'API listening');
  const shutdown = async () => {
    await api.stop();
    await db.end();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
