import type { Pool } from 'pg';
import type {
  ChannelProvider,
  OutgoingMessage,
  SendResult,
  SentMessageLookup,
  SentMessageQuery,
} from './provider';

export const OUTBOX_PROVIDER = 'outbox';

/**
 * The built-in provider when no credentials are configured: messages are stored and listed by
 * `GET /v1/outbox`, so the whole product runs without external accounts. One message per delivery.
 */
export class DevOutboxProvider implements ChannelProvider {
  readonly name = OUTBOX_PROVIDER;

  constructor(private readonly db: Pool) {}

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO outbox_messages (company_id, delivery_id, channel, recipient, subject, body, order_id, lead_id,
         client_id, rule_id)
       SELECT company_id, id, $2, $3, $4, $5,
         CASE WHEN entity = 'order' THEN entity_id END, CASE WHEN entity = 'lead' THEN entity_id END, client_id, rule_id
       FROM deliveries WHERE id = $1
       ON CONFLICT (delivery_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id
       RETURNING id`,
      [msg.metadata.deliveryId, msg.channel, msg.to, msg.channel === 'email' ? msg.subject : null, msg.body],
    );
    if (!rows[0]) throw new Error(`delivery ${msg.metadata.deliveryId} not found for the outbox`);
    return { provider: OUTBOX_PROVIDER, providerMessageId: rows[0].id };
  }

  async findSent(query: SentMessageQuery): Promise<SentMessageLookup> {
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM outbox_messages WHERE delivery_id = $1',
      [query.deliveryId],
    );
    return rows[0] ? { found: true, providerMessageId: rows[0].id } : { found: false };
  }
}
