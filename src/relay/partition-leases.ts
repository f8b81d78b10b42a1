import type { Pool, PoolClient } from 'pg';

// Advisory lock namespaces (the two-int form): one lock per partition, one per live relay.
const PARTITION_LOCKS = 7_240_010;
const MEMBER_LOCKS = 7_240_011;

/**
 * The relay partitions this replica holds: PostgreSQL session advisory locks on a connection of its own,
 * so a replica that dies (its connection closes) frees its partitions for the others. Each live relay
 * also holds a member lock, so every replica can count the relays and hold its fair share,
 * ceil(partitions / relays): throughput grows with replicas while each partition has one holder.
 */
export class PartitionLeases {
  private conn: PoolClient | undefined;
  private held = new Set<number>();

  constructor(
    private readonly db: Pool,
    private readonly partitionCount: number,
  ) {}

  owned(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /**
   * Gives up partitions beyond this replica's share (only those `busy` does not name, so nothing of it is
   * in flight when another replica takes it over) and takes free ones up to the share.
   */
  async rebalance(busy: (partition: number) => boolean): Promise<void> {
    try {
      const conn = await this.connection();
      const { rows } = await conn.query<{ relays: number }>(
        `SELECT count(*)::int AS relays FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND classid = $1 AND objsubid = 2
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [MEMBER_LOCKS],
      );
      const share = Math.ceil(this.partitionCount / Math.max(1, rows[0]!.relays));
      for (const partition of this.owned().reverse()) {
        if (this.held.size <= share) break;
        if (busy(partition)) continue;
        await conn.query('SELECT pg_advisory_unlock($1, $2)', [PARTITION_LOCKS, partition]);
        this.held.delete(partition);
      }
      // Start at a different place on each replica, so replicas starting together rarely collide.
      const offset = Math.floor(Math.random() * this.partitionCount);
      for (let i = 0; i < this.partitionCount && this.held.size < share; i++) {
        const partition = (offset + i) % this.partitionCount;
        if (this.held.has(partition)) continue;
        const taken = await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
          PARTITION_LOCKS,
          partition,
        ]);
        if (taken.rows[0]!.locked) this.held.add(partition);
      }
    } catch (err) {
      this.lost(err);
      throw err;
    }
  }

  async releaseAll(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.held.clear();
    if (!conn) return;
    conn.off('error', this.onError);
    try {
      await conn.query('SELECT pg_advisory_unlock_all()');
      conn.release();
    } catch (err) {
      conn.release(err as Error);
    }
  }

  private async connection(): Promise<PoolClient> {
    if (this.conn) return this.conn;
    const conn = await this.db.connect();
    // Locks live and die with the session: when it breaks, this replica holds nothing any more.
    conn.on('error', this.onError);
    try {
      await conn.query('SELECT pg_advisory_lock($1, pg_backend_pid())', [MEMBER_LOCKS]);
    } catch (err) {
      conn.off('error', this.onError);
      conn.release(err as Error);
      throw err;
    }
    this.conn = conn;
    return conn;
  }

  private readonly onError = (err: Error) => this.lost(err);

  private lost(err: unknown): void {
    const conn = this.conn;
    this.conn = undefined;
    this.held.clear();
    conn?.off('error', this.onError);
    conn?.release(err instanceof Error ? err : new Error(String(err)));
  }
}
