/**
 * Bench-only instrumentation (`--profile`): counts every query sent to PostgreSQL, by who sent it — the
 * API, the event relay (same pool as the API, told apart by its SQL) or each activity type of the worker.
 * Each query of node-postgres is one round trip to the server.
 */
import { Context } from '@temporalio/activity';
import { Client, type Pool } from 'pg';

const RELAY_SQL = /pg_(try_)?advisory_(un)?lock|FROM entity_events WHERE dispatched_at|UPDATE entity_events/;

export class RoundTripCounter {
  private readonly poolOf = new WeakMap<Client, string>();
  readonly counts = new Map<string, number>();
  private restore: (() => void) | undefined;

  /** Queries of clients from `pool` are counted under `name` (the worker's by activity type). */
  track(pool: Pool, name: 'api' | 'worker'): void {
    pool.on('connect', (client) => this.poolOf.set(client as Client, name));
  }

  install(): void {
    const original = Client.prototype.query;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const counter = this;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const pool = counter.poolOf.get(this);
      if (pool) counter.add(counter.who(pool, args[0]));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    this.restore = () => {
      Client.prototype.query = original;
    };
  }

  uninstall(): void {
    this.restore?.();
  }

  reset(): void {
    this.counts.clear();
  }

  snapshot(): Map<string, number> {
    return new Map(this.counts);
  }

  private add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  private who(pool: string, query: unknown): string {
    const sql = typeof query === 'string' ? query : ((query as { text?: string } | null)?.text ?? '');
    if (pool === 'api') return RELAY_SQL.test(sql) ? 'relay' : 'api';
    try {
      return `activity ${Context.current().info.activityType}`;
    } catch {
      return 'worker (outside an activity)';
    }
  }
}
