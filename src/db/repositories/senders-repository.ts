import type { Pool, PoolClient } from 'pg';
import type { AssignedSenders } from '../../domain/senders';

export async function getSenders(db: Pool | PoolClient, companyId: string): Promise<AssignedSenders> {
  const { rows } = await db.query<{ channel: 'sms' | 'email'; sender: string }>(
    'SELECT channel, sender FROM company_senders WHERE company_id = $1 ORDER BY channel, position',
    [companyId],
  );
  return {
    sms: rows.filter((r) => r.channel === 'sms').map((r) => r.sender),
    email: rows.filter((r) => r.channel === 'email').map((r) => r.sender),
  };
}

/** Replaces every assigned sender of the company (inside the caller's transaction). */
export async function replaceSenders(
  tx: PoolClient,
  companyId: string,
  senders: AssignedSenders,
): Promise<void> {
  await tx.query('DELETE FROM company_senders WHERE company_id = $1', [companyId]);
  await tx.query(
    `INSERT INTO company_senders (company_id, channel, sender, position)
     SELECT $1, channel, sender, position
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(channel, sender, position)
     ON CONFLICT DO NOTHING`,
    [
      companyId,
      [...senders.sms.map(() => 'sms'), ...senders.email.map(() => 'email')],
      [...senders.sms, ...senders.email],
    ],
  );
}

/** Locks the company row: sender assignments and the settings that use them change one at a time. */
export async function lockCompany(
  tx: PoolClient,
  companyId: string,
  mode: 'share' | 'update',
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM companies WHERE id = $1 FOR ${mode === 'share' ? 'SHARE' : 'UPDATE'}`,
    [companyId],
  );
  return (rowCount ?? 0) > 0;
}
