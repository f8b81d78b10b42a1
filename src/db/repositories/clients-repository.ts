import type { Pool, PoolClient } from 'pg';
import { CHANNELS, type Channel, type Consent } from '../../domain/types';
import { afterCursor, decodeCursor, decodeSeqCursor, Page, toPage, toSeqPage } from '../pagination';

export interface Client {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  consent: Consent;
  /** Canonical BCP 47 tag, or null. */
  language: string | null;
  createdAt: string;
}

export type ConsentSource = 'default' | 'request' | 'manual' | 'inbound_stop' | 'bounce';

export interface ConsentChange {
  channel: Channel;
  granted: boolean;
  source: ConsentSource;
}

interface ClientRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  consent_sms: boolean;
  consent_whatsapp: boolean;
  consent_viber: boolean;
  consent_email: boolean;
  language: string | null;
  created_at: Date;
}

export const toClient = (r: ClientRow): Client => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  consent: {
    sms: r.consent_sms,
    whatsapp: r.consent_whatsapp,
    viber: r.consent_viber,
    email: r.consent_email,
  },
  language: r.language ?? null,
  createdAt: r.created_at.toISOString(),
});

/**
 * Serialises client writes of one company while duplicate prevention is on, so two concurrent creates
 * with the same phone cannot both see "no duplicate".
 */
export async function lockCompanyClients(tx: PoolClient, companyId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 42))', [companyId]);
}

/** Another client of the company with this phone or email; `phone` wins when both collide. */
export async function findDuplicate(
  db: Pool | PoolClient,
  companyId: string,
  contact: { phone: string | null; email: string | null },
  excludeId?: string,
): Promise<{ clientId: string; field: 'phone' | 'email' } | null> {
  for (const field of ['phone', 'email'] as const) {
    const value = contact[field];
    if (!value) continue;
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM clients WHERE company_id = $1 AND ${field} = $2 AND id <> $3 ORDER BY created_at, id LIMIT 1`,
      [companyId, value, excludeId ?? '00000000-0000-0000-0000-000000000000'],
    );
    if (rows[0]) return { clientId: rows[0].id, field };
  }
  return null;
}

/**
 * Other profiles sharing this client's phone or email (diagnostics), oldest first: at most `limit`
 * entries, and whether there were more.
 */
export async function listDuplicates(
  db: Pool,
  companyId: string,
  client: Client,
  limit: number,
): Promise<{ duplicates: { clientId: string; field: 'phone' | 'email' }[]; truncated: boolean }> {
  const { rows } = await db.query<{ id: string; phone: string | null; email: string | null }>(
    `SELECT id, phone, email FROM clients
     WHERE company_id = $1 AND id <> $2 AND ((phone IS NOT NULL AND phone = $3) OR (email IS NOT NULL AND email = $4))
     ORDER BY created_at, id LIMIT ${limit + 1}`,
    [companyId, client.id, client.phone, client.email],
  );
  const all = rows.flatMap((r) => [
    ...(client.phone && r.phone === client.phone ? [{ clientId: r.id, field: 'phone' as const }] : []),
    ...(client.email && r.email === client.email ? [{ clientId: r.id, field: 'email' as const }] : []),
  ]);
  return { duplicates: all.slice(0, limit), truncated: all.length > limit };
}

export async function insertClient(
  tx: PoolClient,
  companyId: string,
  input: {
    name: string;
    phone: string | null;
    email: string | null;
    consent: Consent;
    language: string | null;
  },
): Promise<Client> {
  const { rows } = await tx.query<ClientRow>(
    `INSERT INTO clients (company_id, name, phone, email, consent_sms, consent_whatsapp, consent_viber, consent_email,
       language)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      companyId,
      input.name,
      input.phone,
      input.email,
      input.consent.sms,
      input.consent.whatsapp,
      input.consent.viber,
      input.consent.email,
      input.language,
    ],
  );
  return toClient(rows[0]!);
}

export async function findClient(db: Pool | PoolClient, companyId: string, id: string, forUpdate = false) {
  const { rows } = await db.query<ClientRow>(
    `SELECT * FROM clients WHERE company_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [companyId, id],
  );
  return rows[0] ? toClient(rows[0]) : null;
}

export async function listClients(
  db: Pool,
  companyId: string,
  filter: { cursor?: string; limit: number; phone?: string; email?: string },
): Promise<Page<Client>> {
  const params: unknown[] = [companyId];
  let where = afterCursor(decodeCursor(filter.cursor), params);
  for (const field of ['phone', 'email'] as const) {
    const value = filter[field];
    if (value === undefined) continue;
    params.push(value);
    where += ` AND ${field} = $${params.length}`;
  }
  const { rows } = await db.query<ClientRow>(
    `SELECT * FROM clients WHERE company_id = $1 AND ${where} ORDER BY created_at, id LIMIT ${filter.limit + 1}`,
    params,
  );
  return toPage(rows, filter.limit, toClient);
}

export async function updateClientFields(
  tx: PoolClient,
  companyId: string,
  id: string,
  fields: {
    name: string;
    phone: string | null;
    email: string | null;
    consent: Consent;
    language: string | null;
  },
): Promise<Client> {
  const { rows } = await tx.query<ClientRow>(
    `UPDATE clients SET name = $3, phone = $4, email = $5, consent_sms = $6, consent_whatsapp = $7,
       consent_viber = $8, consent_email = $9, language = $10, updated_at = now()
     WHERE company_id = $1 AND id = $2 RETURNING *`,
    [
      companyId,
      id,
      fields.name,
      fields.phone,
      fields.email,
      fields.consent.sms,
      fields.consent.whatsapp,
      fields.consent.viber,
      fields.consent.email,
      fields.language,
    ],
  );
  return toClient(rows[0]!);
}

export async function recordConsentChanges(
  tx: PoolClient | Pool,
  companyId: string,
  clientId: string,
  changes: ConsentChange[],
): Promise<void> {
  for (const change of changes) {
    await tx.query(
      'INSERT INTO consent_events (company_id, client_id, channel, granted, source) VALUES ($1, $2, $3, $4, $5)',
      [companyId, clientId, change.channel, change.granted, change.source],
    );
  }
}

export async function listConsentHistory(
  db: Pool,
  clientId: string,
  page: { cursor?: string; limit: number },
) {
  const { rows } = await db.query<{
    id: number;
    channel: Channel;
    granted: boolean;
    source: ConsentSource;
    at: Date;
  }>(
    `SELECT id, channel, granted, source, at FROM consent_events WHERE client_id = $1 AND id > $2
      ORDER BY id LIMIT ${page.limit + 1}`,
    [clientId, decodeSeqCursor(page.cursor)],
  );
  return toSeqPage(rows, page.limit, ({ id: _id, ...r }) => ({ ...r, at: r.at.toISOString() }));
}

/**
 * An inbound STOP from `phone`, received on `receivingNumber` (SPEC 7): revokes `channel`'s consent for
 * the clients with that phone in the companies that send from that number — those whose `sms_sender_id`
 * it is, or, when it is nobody's (the platform's shared default number), every company without a sender
 * of its own. `receivingNumber` null means every company (WhatsApp goes out from the platform's one
 * sender). Each revocation and its history entry are written in the caller's transaction.
 */
export async function revokeConsentByPhone(
  tx: PoolClient,
  phone: string,
  receivingNumber: string | null,
  channel: Channel,
  source: ConsentSource,
): Promise<{ id: string; companyId: string }[]> {
  const column = `consent_${channel}`;
  if (!CHANNELS.includes(channel)) throw new Error(`unknown channel ${channel}`);
  const { rows } = await tx.query<{ id: string; company_id: string }>(
    `WITH own AS (SELECT company_id FROM company_settings WHERE $2::text IS NOT NULL AND sms_sender_id = $2),
          scope AS (
            SELECT company_id FROM own
            UNION ALL
            SELECT company_id FROM company_settings
             WHERE ($2::text IS NULL OR sms_sender_id IS NULL) AND NOT EXISTS (SELECT 1 FROM own)
          )
     UPDATE clients SET ${column} = false, updated_at = now()
      WHERE phone = $1 AND ${column} = true AND company_id IN (SELECT company_id FROM scope)
      RETURNING id, company_id`,
    [phone, receivingNumber],
  );
  for (const row of rows) {
    await recordConsentChanges(tx, row.company_id, row.id, [{ channel, granted: false, source }]);
  }
  return rows.map((r) => ({ id: r.id, companyId: r.company_id }));
}

export async function isSuppressed(
  db: Pool | PoolClient,
  companyId: string,
  channel: Channel,
  address: string,
) {
  const { rowCount } = await db.query(
    'SELECT 1 FROM suppressions WHERE company_id = $1 AND channel = $2 AND address = $3',
    [companyId, channel, address],
  );
  return (rowCount ?? 0) > 0;
}

export async function suppressedChannels(db: Pool, companyId: string, client: Client): Promise<Channel[]> {
  const { rows } = await db.query<{ channel: Channel }>(
    `SELECT DISTINCT channel FROM suppressions WHERE company_id = $1 AND
       ((channel = 'email' AND address = $2) OR (channel <> 'email' AND address = $3))`,
    [companyId, client.email, client.phone],
  );
  return rows.map((r) => r.channel);
}

/**
 * Suppresses an address for one company (hard bounce, spam complaint, ...). Idempotent; a company id
 * that does not exist suppresses nothing. Returns whether a new suppression was recorded.
 */
export async function suppressAddress(
  db: Pool | PoolClient,
  companyId: string,
  channel: Channel,
  address: string,
  reason: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO suppressions (company_id, channel, address, reason)
     SELECT id, $2, $3, $4 FROM companies WHERE id = $1
     ON CONFLICT (company_id, channel, address) DO NOTHING`,
    [companyId, channel, address, reason],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Suppresses an email address in every company that has a client with it (a provider event that
 * names no known delivery). Idempotent. Returns the companies where a new suppression was recorded.
 */
export async function suppressEmailEverywhere(
  db: Pool | PoolClient,
  email: string,
  reason: string,
): Promise<string[]> {
  const { rows } = await db.query<{ company_id: string }>(
    `INSERT INTO suppressions (company_id, channel, address, reason)
     SELECT DISTINCT company_id, 'email', $1, $2 FROM clients WHERE email = $1
     ON CONFLICT (company_id, channel, address) DO NOTHING RETURNING company_id`,
    [email, reason],
  );
  return rows.map((r) => r.company_id);
}
