import { Client } from 'pg';
import { createPool } from '../../src/db/pool';
import { eventually } from '../support/e2e-stack';

describe('the database pool', () => {
  test('when the server closes an idle connection (restart, failover), then it is reported, not a crash, and the next query works', async () => {
    // Arrange
    const lost: Error[] = [];
    const pool = createPool(process.env.TEST_DATABASE_URL!, 1, (err) => lost.push(err));
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();

    try {
      // Act
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await eventually(async () => (lost.length > 0 ? true : undefined));
      const after = await pool.query<{ one: number }>('SELECT 1 AS one');

      // Assert
      expect(lost[0]!.message).toMatch(/terminat/i);
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await pool.end();
    }
  });
});
