import { Pool, PoolClient, types } from 'pg';

// bigint columns (counters, sequences) fit comfortably in a JS number for this product.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

// timestamptz has microseconds, a JS Date only milliseconds. Keyset cursors need the exact value (a
// truncated one sorts before its own row, which then shows up again on the next page), so the parser
// keeps the lost digits beside the Date.
const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ);
types.setTypeParser(types.builtins.TIMESTAMPTZ, (text: string) => {
  const value = parseTimestamptz(text);
  if (value instanceof Date) {
    const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
    Object.defineProperty(value, 'microseconds', { value: fraction.padEnd(6, '0').slice(3, 6) });
  }
  return value;
});

/** ISO-8601 UTC with the microseconds PostgreSQL stored, for a Date read from a timestamptz column. */
export function exactIsoString(date: Date): string {
  const micros = (date as Date & { microseconds?: string }).microseconds ?? '000';
  return date.toISOString().replace(/Z$/, `${micros}Z`);
}

export type Db = Pool;

export function createPool(
  connectionString: string,
  max = 10,
  onIdleError: (err: Error) => void = (err) =>
    console.warn(`database: idle connection lost (${err.message})`),
): Pool {
  const pool = new Pool({ connectionString, max });
  // An idle connection the server closes (restart, failover, shutdown) must not crash the process:
  // the pool drops it and the next query opens a new one.
  pool.on('error', onIdleError);
  return pool;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
