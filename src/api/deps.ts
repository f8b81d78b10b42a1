import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { EntityWorkflowState, PendingSendView } from '../domain/engine-state';
import type { RateLimitPolicy } from './rate-limit';

/** An entity workflow's state; `absent` when it has none (not started yet); null when it cannot be asked. */
export type EngineStateAnswer = EntityWorkflowState | 'absent' | null;

/** What the HTTP layer needs from the outside world; built in api-main.ts, faked in tests. */
export interface ApiDeps {
  db: Pool;
  logger: Logger;
  adminToken: string;
  /** Resolves true when the Temporal frontend answers. */
  temporalHealthy(): Promise<boolean>;
  /** Asks the event relay to deliver newly stored events now instead of at its next tick. */
  wakeEventRelay(): void;
  /** Asks the rule-change fan-out worker to tell open orders and leads of a stored rule change now. */
  wakeRuleFanout(): void;
  /** Requests per API key a company may make unless the operator set its own limit (default 50/s, bursts of 100). */
  rateLimit?: RateLimitPolicy;
  /** What the entity's workflow will still send (its query); null when the workflow cannot be asked. */
  pendingSends(workflowId: string): Promise<PendingSendView[] | null>;
  /** The entity workflow's state, read-only (simulate); without it simulate answers 503 for existing ones. */
  engineState?(workflowId: string): Promise<EngineStateAnswer>;
  /** What the web console shows beyond the API: where the Temporal Web UI is, for links to workflows. */
  console?: { temporalUiUrl?: string; temporalNamespace?: string };
  /** Provider webhook credentials; a provider's webhook answers 404 while its credentials are missing. */
  webhooks?: {
    /** Twilio auth token: verifies `X-Twilio-Signature`. */
    twilioAuthToken?: string;
    /** The public URL Twilio calls (signatures cover it); else the request's own scheme and host. */
    publicBaseUrl?: string;
    /** HTTP Basic credentials configured in Postmark's webhook settings. */
    postmarkUser?: string;
    postmarkPassword?: string;
  };
}

/** The authenticated company of a /v1 request (set by the auth middleware). */
export const companyOf = (res: { locals: Record<string, unknown> }): string => res.locals.companyId as string;
