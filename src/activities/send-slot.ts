import type { Pool } from 'pg';
import { reserveSendSlot } from '../db/repositories/send-pacing-repository';
import type { Channel } from '../domain/types';

/**
 * Paces a channel's sends across every worker: reserves the provider account's next slot and waits for
 * it. The channel's task queue is polled at about the same rate, so waits stay short (send-pacing.ts).
 */
export async function waitForSendSlot(
  db: Pool,
  channel: Channel,
  perSecond: number | undefined,
): Promise<void> {
  if (!perSecond) return;
  const slot = await reserveSendSlot(db, channel, 1000 / perSecond);
  const wait = slot.getTime() - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
