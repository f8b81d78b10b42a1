import type { Pool } from 'pg';
import { eventually } from './e2e-stack';

/** Waits until every rule-change fan-out of the company has been written out as events. */
export async function fanoutsDone(db: Pool, companyId: string, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query('SELECT 1 FROM rule_change_fanouts WHERE company_id = $1 LIMIT 1', [
      companyId,
    ]);
    return rows.length === 0 ? true : undefined;
  }, timeoutMs);
}
