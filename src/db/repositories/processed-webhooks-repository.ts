import type { PoolClient } from 'pg';

/**
 * Records that a provider's message is being acted on, inside the caller's transaction. False when it
 * already was: a concurrent second delivery waits here for the first to commit, then gets false too.
 */
export async function firstDelivery(tx: PoolClient, provider: string, messageKey: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO processed_webhook_messages (provider, message_key) VALUES ($1, $2)
     ON CONFLICT DO NOTHING`,
    [provider, messageKey],
  );
  return (rowCount ?? 0) > 0;
}
