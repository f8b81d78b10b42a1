/**
 * The bare baseline: a long-lived workflow, started or signalled with signal-with-start, that runs one
 * no-op activity per signal. What the same dev server and worker can do with no product logic at all.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';
import { pingSignal } from './definitions';

const { noop } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function baselineWorkflow(): Promise<void> {
  const inbox: string[] = [];
  setHandler(pingSignal, (id) => {
    inbox.push(id);
  });
  for (;;) {
    await condition(() => inbox.length > 0);
    while (inbox.length > 0) await noop(inbox.shift()!);
  }
}
