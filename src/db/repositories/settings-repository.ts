import type { Pool, PoolClient } from 'pg';

export interface Settings {
  phoneConsentByDefault: boolean;
  emailConsentByDefault: boolean;
  preventDuplicateClients: boolean;
  defaultCountry: string | null;
  locale: string;
  smsSenderId: string | null;
  emailFromName: string | null;
  emailFromAddress: string | null;
  /** At most this many messages to one client in a rolling 24 hours; null = no cap. */
  maxMessagesPerClientPerDay: number | null;
}

const COLUMNS: Record<keyof Settings, string> = {
  phoneConsentByDefault: 'phone_consent_by_default',
  emailConsentByDefault: 'email_consent_by_default',
  preventDuplicateClients: 'prevent_duplicate_clients',
  defaultCountry: 'default_country',
  locale: 'locale',
  smsSenderId: 'sms_sender_id',
  emailFromName: 'email_from_name',
  emailFromAddress: 'email_from_address',
  maxMessagesPerClientPerDay: 'max_messages_per_client_per_day',
};

const SELECT = Object.entries(COLUMNS)
  .map(([field, column]) => `${column} AS "${field}"`)
  .join(', ');

export async function getSettings(db: Pool | PoolClient, companyId: string): Promise<Settings> {
  const { rows } = await db.query<Settings>(`SELECT ${SELECT} FROM company_settings WHERE company_id = $1`, [
    companyId,
  ]);
  return rows[0]!;
}

export async function updateSettings(
  db: Pool | PoolClient,
  companyId: string,
  patch: Partial<Settings>,
): Promise<Settings> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof Settings, unknown][];
  if (entries.length === 0) return getSettings(db, companyId);
  const assignments = entries.map(([field], i) => `${COLUMNS[field]} = $${i + 2}`).join(', ');
  const { rows } = await db.query<Settings>(
    `UPDATE company_settings SET ${assignments}, updated_at = now() WHERE company_id = $1 RETURNING ${SELECT}`,
    [companyId, ...entries.map(([, v]) => v)],
  );
  return rows[0]!;
}
