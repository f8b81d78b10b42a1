/** Production entry point: the API (and event relay) against DATABASE_URL and TEMPORAL_ADDRESS. */
import { startApiServer } from './api-server';
import { loadEnv } from './config';
import { migrate } from './db/migrate';
import { createPool } from './db/pool';
import { createLogger } from './logger';
import { reportStartupFailure, StartupProblem, startupStep } from './startup-problems';

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new StartupProblem(
      'DATABASE_URL is required: set it to your PostgreSQL (npm start runs the embedded defaults)',
    );
  }
  if (!env.ADMIN_TOKEN) throw new StartupProblem('ADMIN_TOKEN is required: set it to the operator token');
  const db = createPool(databaseUrl, env.DATABASE_POOL_MAX, (err) =>
    logger.warn(`database: idle connection lost (${err.message})`),
  );
  // Checked now rather than at the first request, so a wrong DATABASE_URL is one line at start.
  await startupStep({ part: 'database', url: databaseUrl }, async () => {
    if (env.MIGRATE_ON_START) await migrate(databaseUrl);
    await db.query('SELECT 1');
  });
  // Temporal is not needed to start: the relay delivers stored changes once it answers.
  const api = await startupStep({ part: 'listen', port: env.PORT, variable: 'PORT' }, () =>
    startApiServer({
      env,
      db,
      logger,
      adminToken: env.ADMIN_TOKEN!,
      temporalAddress: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    }),
  );
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
  reportStartupFailure('the API', err);
  process.exit(1);
});
