import type { Pool } from 'pg';
import type { ChannelProvider } from '../providers/provider';
import type { PendingSend } from '../domain/engine-state';
import type { Channel, EntityKind } from '../domain/types';
import type { SendRates } from '../send-pacing';

/** What every engine activity factory closes over; built once in worker.ts. */
export interface EngineDeps {
  db: Pool;
  providers: Record<Channel, ChannelProvider>;
  /** Base URL providers post status callbacks to; none in the embedded default. */
  publicBaseUrl?: string;
  /** Messages per second per channel's provider account (see send-pacing.ts); unpaced when left out. */
  sendRates?: SendRates;
  /** The providers' own request deadline (a send with no answer by then has an unknown outcome). */
  providerTimeoutMs?: number;
  /** How long after that deadline a silent provider is given before it is asked whether it has the message. */
  reconcileSettleMs?: number;
}

export interface EntityRef {
  companyId: string;
  entity: EntityKind;
  entityId: string;
}

export interface SendRef extends EntityRef {
  workflowId: string;
  send: PendingSend;
}
