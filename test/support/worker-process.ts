/**
 * A worker in a process of its own, so a test can kill it with SIGKILL mid-delay or mid-send, as a crash
 * would. Configured by WORKER_PROCESS (JSON: Temporal address, task queue, database URL); with
 * `hangAfterSending` its provider writes the message to the dev outbox (the provider accepted it) and then
 * never answers, so the kill lands while the send's outcome is unknown.
 */
import { NativeConnection } from '@temporalio/worker';
import { createWorker } from '../../src/worker';
import { Pool } from 'pg';
import { createEngineActivities } from '../../src/activities';
import type { Channel } from '../../src/domain/types';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import type { ChannelProvider } from '../../src/providers/provider';

interface WorkerProcessConfig {
  address: string;
  taskQueue: string;
  databaseUrl: string;
  hangAfterSending?: boolean;
}

async function main() {
  const config = JSON.parse(process.env.WORKER_PROCESS ?? '{}') as WorkerProcessConfig;
  const db = new Pool({ connectionString: config.databaseUrl, max: 5 });
  db.on('error', () => undefined);
  const outbox = new DevOutboxProvider(db);
  const provider: ChannelProvider = config.hangAfterSending
    ? {
        name: outbox.name,
        send: async (msg) => {
          await outbox.send(msg);
          console.log('provider-accepted');
          return new Promise(() => undefined);
        },
        findSent: (query) => outbox.findSent(query),
      }
    : outbox;
  const providers: Record<Channel, ChannelProvider> = {
    sms: provider,
    whatsapp: provider,
    viber: provider,
    email: provider,
  };
  const connection = await NativeConnection.connect({ address: config.address });
  const worker = await createWorker({
    connection,
    taskQueue: config.taskQueue,
    activities: createEngineActivities({ db, providers }),
  });
  console.log('worker-ready');
  await worker.run();
}

void main();
