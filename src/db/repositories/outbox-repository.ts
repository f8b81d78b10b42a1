import type { Pool, PoolClient } from 'pg';
import type { Channel } from '../../domain/types';

type Queryable = Pool | PoolClient;

export interface OutboxMessage {
  id: string;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  orderId: string | null;
  leadId: string | null;
  clientId: string | null;
  ruleId: string | null;
  deliveryId: string | null;
  createdAt: string;
}

interface OutboxRow {
  id: string;
  seq: number;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  order_id: string | null;
  lead_id: string | null;
  client_id: string | null;
  rule_id: string | null;
  delivery_id: string | null;
  created_at: Date;
}

/** The company's dev outbox, oldest first; the cursor is the last seen sequence number. */
export async function listOutbox(
  db: Queryable,
  companyId: string,
  filter: { orderId?: string; leadId?: string; clientId?: string; afterSeq?: number; limit: number },
) {
  const params: unknown[] = [companyId, filter.afterSeq ?? 0];
  let where = '';
  for (const [column, value] of [
    ['order_id', filter.orderId],
    ['lead_id', filter.leadId],
    ['client_id', filter.clientId],
  ] as const) {
    if (!value) continue;
    params.push(value);
    where += ` AND ${column} = $${params.length}`;
  }
  const { rows } = await db.query<OutboxRow>(
    `SELECT * FROM outbox_messages WHERE company_id = $1 AND seq > $2${where} ORDER BY seq LIMIT ${filter.limit + 1}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  return {
    messages: page.map((r): OutboxMessage => ({
      id: r.id,
      channel: r.channel,
      to: r.recipient,
      subject: r.subject,
      body: r.body,
      orderId: r.order_id,
      leadId: r.lead_id,
      clientId: r.client_id,
      ruleId: r.rule_id,
      deliveryId: r.delivery_id,
      createdAt: r.created_at.toISOString(),
    })),
    nextSeq: rows.length > filter.limit ? page[page.length - 1]!.seq : null,
  };
}
