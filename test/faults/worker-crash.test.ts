/**
 * SPEC §6: a worker that dies (SIGKILL, no goodbye) in the middle of a delay or in the middle of a provider
 * call costs nothing and duplicates nothing: another worker picks the workflow up, and a send whose
 * outcome died with the worker is reconciled with the provider before anything is sent again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { ofType } from '../support/feed';
import { engineShop } from '../support/engine-scenario';

const stack = useSharedE2EStack({ engine: { providerTimeoutMs: 1_000, reconcileSettleMs: 500 } });

const ROOT = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts a worker process on the stack's task queue and resolves once it polls. */
async function workerProcess(options: { hangAfterSending?: boolean } = {}) {
  // Node itself (with tsx as its loader), not the tsx wrapper: SIGKILL must reach the worker's own process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_PROCESS: JSON.stringify({
        address: stack().env.address,
        taskQueue: stack().taskQueue,
        databaseUrl: (stack().db.options as { connectionString: string }).connectionString,
        ...options,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n')));
  const said = (line: string) => eventually(async () => (lines.includes(line) ? true : undefined), 90_000);
  await said('worker-ready');
  return { child, said };
}

describe('a worker killed with SIGKILL', () => {
  test('when the worker dies while the provider call is in flight (the provider accepted), then another worker finds the message and it is sent once', async () => {
    // Arrange: only the worker process runs, and its provider accepts and then never answers.
    const shop = await engineShop(stack());
    await shop.rule({ trigger: { type: 'order.created' } });
    await stack().stopWorker();
    const doomed = await workerProcess({ hangAfterSending: true });

    // Act
    const order = await shop.createOrder({ number: 'K-1' });
    await doomed.said('provider-accepted');
    doomed.child.kill('SIGKILL');
    await stack().startWorker();
    const feed = await eventually(async () => {
      const entries = await shop.orderFeed(order.id);
      return ofType(entries, 'notification.sent').length > 0 ? entries : undefined;
    }, 90_000);

    // Assert
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
    expect(await shop.orderDeliveries(order.id)).toEqual([expect.objectContaining({ status: 'sent' })]);
  }, 240_000);

  test('when the worker dies during the delay, then another worker sends the message once at its time', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'minutes' } });
    await stack().stopWorker();
    const doomed = await workerProcess();

    // Act
    const order = await shop.createOrder({ number: 'K-2' });
    const [scheduled] = ofType(
      await shop.waitForOrderFeed(order.id, 'notification.scheduled'),
      'notification.scheduled',
    );
    doomed.child.kill('SIGKILL');
    await stack().startWorker();
    const feed = await eventually(async () => {
      const entries = await shop.orderFeed(order.id);
      return ofType(entries, 'notification.sent').length > 0 ? entries : undefined;
    }, 120_000);

    // Assert
    const [sent] = ofType(feed, 'notification.sent');
    expect(Date.parse(sent!.at)).toBeGreaterThanOrEqual(Date.parse(scheduled!.scheduledFor!));
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(await shop.orderDeliveries(order.id)).toHaveLength(1);
  }, 240_000);
});
