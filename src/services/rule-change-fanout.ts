/**
 * The background worker of rule-change fan-outs (see rule-change-events.ts), in every API process. Each
 * batch is one transaction: claim a job (FOR UPDATE SKIP LOCKED, so replicas share the work), lock the
 * next up to 500 entities it concerns, store their events, move the job's cursor on (or delete it when
 * done). A process that dies mid-fan-out loses only its uncommitted batch, which the next pass redoes.
 * Jobs take turns batch by batch, so one company's large change does not hold back another's.
 */
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '../db/pool';
import * as fanouts from '../db/repositories/rule-fanouts-repository';

export const FANOUT_BATCH_SIZE = 500;

export class RuleChangeFanout {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Pool;
      logger: Logger;
      /** Told after each batch: its events are ready to relay. */
      wakeEventRelay: () => void;
      intervalMs: number;
      batchSize?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.deps.intervalMs);
    this.wake();
  }

  /** Runs a pass now (or right after the one in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => this.deps.logger.warn({ err }, 'rule change fan-out pass failed; retrying later'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs batches until no job is left (or the worker stops). */
  async drain(): Promise<void> {
    while (!this.stopped && (await this.runBatch())) this.deps.wakeEventRelay();
  }

  /** One batch of one job; false when there was no job to work on. */
  async runBatch(): Promise<boolean> {
    const { db, logger } = this.deps;
    const limit = this.deps.batchSize ?? FANOUT_BATCH_SIZE;
    let claimedId: string | undefined;
    try {
      return await inTransaction(db, async (tx) => {
        const job = await fanouts.claimFanout(tx);
        if (!job) return false;
        claimedId = job.id;
        if (job.phase === 'scheduled') {
          const { targets, scanned, last } = await fanouts.lockScheduledTargets(tx, job, limit);
          await fanouts.insertRulesChangedEvents(tx, job.companyId, targets);
          if (scanned === limit) await fanouts.advanceFanout(tx, job.id, { phase: 'scheduled', after: last });
          else if (job.locationIds.length > 0)
            await fanouts.advanceFanout(tx, job.id, { phase: 'reminders', after: null });
          else await fanouts.finishFanout(tx, job.id);
        } else {
          const targets = await fanouts.lockReminderTargets(tx, job, limit);
          await fanouts.insertRulesChangedEvents(tx, job.companyId, targets);
          const last = targets[targets.length - 1];
          if (targets.length === limit && last)
            await fanouts.advanceFanout(tx, job.id, {
              phase: 'reminders',
              after: { entity: 'order', id: last.id },
            });
          else await fanouts.finishFanout(tx, job.id);
        }
        return true;
      });
    } catch (err) {
      if (claimedId) {
        logger.warn({ err, fanoutId: claimedId }, 'rule change fan-out batch failed; it is retried');
        await fanouts.recordFanoutFailure(db, claimedId, String(err));
      }
      throw err;
    }
  }
}
