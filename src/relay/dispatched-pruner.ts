import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { pruneDispatched } from '../db/repositories/relay-events-repository';

// One replica prunes at a time.
const PRUNE_LOCK = [7_240_012, 0] as const;
const BATCH_SIZE = 1000;

/**
 * Deletes events dispatched more than `retentionDays` ago, in batches (short transactions, no long
 * locks), every `intervalMs`: the outbox keeps recent history for support without growing forever.
 */
export class DispatchedEventsPruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: { db: Pool; logger: Logger; retentionDays: number; intervalMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Prunes now; returns how many events were deleted (0 when another replica is pruning). */
  runOnce(): Promise<number> {
    this.running ??= this.prune()
      .catch((err) => {
        this.deps.logger.warn({ err }, 'pruning dispatched events failed; retrying at the next interval');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async prune(): Promise<number> {
    const conn = await this.deps.db.connect();
    try {
      const { rows } = await conn.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [...PRUNE_LOCK],
      );
      if (!rows[0]!.locked) return 0;
      try {
        let deleted = 0;
        for (;;) {
          const n = await pruneDispatched(this.deps.db, this.deps.retentionDays, BATCH_SIZE);
          deleted += n;
          if (n < BATCH_SIZE) return deleted;
        }
      } finally {
        await conn.query('SELECT pg_advisory_unlock($1, $2)', [...PRUNE_LOCK]);
      }
    } finally {
      conn.release();
    }
  }
}
