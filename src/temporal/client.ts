import { Client, Connection } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { engineStateQuery, pendingSendsQuery } from '../workflows/definitions';
import type { EngineStateAnswer } from '../api/deps';
import type { PendingSendView } from '../domain/engine-state';

/** Where the relay gets its client from (lazily, so it survives Temporal being down at start). */
export interface TemporalClientSource {
  get(): Promise<Client>;
}

/**
 * A Temporal client whose connection is made lazily and re-made after failures, so the API starts
 * (and keeps accepting changes) while Temporal is down.
 */
export class LazyTemporalClient implements TemporalClientSource {
  private client: Promise<Client> | undefined;

  constructor(
    private readonly address: string,
    private readonly namespace: string,
  ) {}

  get(): Promise<Client> {
    this.client ??= Connection.connect({ address: this.address, connectTimeout: 2000 })
      .then((connection) => new Client({ connection, namespace: this.namespace }))
      .catch((err) => {
        this.client = undefined;
        throw err;
      });
    return this.client;
  }

  async healthy(): Promise<boolean> {
    try {
      const client = await this.get();
      // A deadline, so a Temporal that went away after connecting answers "unavailable" promptly.
      await client.connection.withDeadline(Date.now() + 1500, () => client.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  /** The workflow's pending sends, or null when Temporal or the workflow cannot answer right now. */
  async pendingSends(workflowId: string): Promise<PendingSendView[] | null> {
    try {
      const client = await this.get();
      return await client.connection.withDeadline(Date.now() + 3000, () =>
        client.workflow.getHandle(workflowId).query(pendingSendsQuery),
      );
    } catch {
      return null;
    }
  }

  /** The workflow's state; `absent` when it has not started (yet); null when Temporal cannot answer now. */
  async engineState(workflowId: string): Promise<EngineStateAnswer> {
    try {
      const client = await this.get();
      return await client.connection.withDeadline(Date.now() + 3000, () =>
        client.workflow.getHandle(workflowId).query(engineStateQuery),
      );
    } catch (err) {
      return err instanceof WorkflowNotFoundError ? 'absent' : null;
    }
  }

  async close(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (pending) await (await pending.catch(() => undefined))?.connection.close();
  }
}
