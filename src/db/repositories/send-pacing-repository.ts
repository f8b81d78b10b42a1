import type { Pool } from 'pg';

/**
 * Reserves the account's next send slot, in one statement shared by every worker: the later of now and
 * the account's next free time, which then moves on by `intervalMs`. Returns when the slot begins.
 */
export async function reserveSendSlot(db: Pool, account: string, intervalMs: number): Promise<Date> {
  const { rows } = await db.query<{ slot: Date }>(
    `INSERT INTO send_pacing AS p (account, next_at)
          VALUES ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
     ON CONFLICT (account) DO UPDATE
           SET next_at = GREATEST(p.next_at, clock_timestamp()) + make_interval(secs => $2 / 1000.0)
     RETURNING next_at - make_interval(secs => $2 / 1000.0) AS slot`,
    [account, intervalMs],
  );
  return rows[0]!.slot;
}
