import type { Client } from '@temporalio/client';
import type { TemporalClientSource } from '../../src/temporal/client';
import type { EntityEvent } from '../../src/domain/types';

export interface FakeSignal {
  relay: string;
  workflowId: string;
  event: EntityEvent;
  fairnessKey: string | undefined;
  at: number;
  /** Whether the fake accepted it (a refused call is recorded too). */
  accepted: boolean;
}

/**
 * Just enough of a Temporal client for the relay, recording each signal-with-start it answers: `refuse` makes it
 * refuse a workflow's signals (Temporal answers, the event is at fault); `down` makes every call, the
 * health probe included, fail as if the server were gone.
 */
export function fakeTemporal(options: { callMs?: number } = {}) {
  const signals: FakeSignal[] = [];
  const state = { down: false, refused: new Set<string>() };
  const clientFor = (relay: string) =>
    ({
      connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
      workflowService: {
        getSystemInfo: async () => {
          if (state.down) throw new Error('14 UNAVAILABLE: connection refused');
          return {};
        },
      },
      workflow: {
        signalWithStart: async (
          _type: string,
          o: { workflowId: string; signalArgs: [EntityEvent]; priority?: { fairnessKey?: string } },
        ) => {
          await new Promise((r) => setTimeout(r, options.callMs ?? 1));
          if (state.down) throw new Error('14 UNAVAILABLE: connection refused');
          const accepted = !state.refused.has(o.workflowId);
          signals.push({
            relay,
            workflowId: o.workflowId,
            event: o.signalArgs[0],
            fairnessKey: o.priority?.fairnessKey,
            at: Date.now(),
            accepted,
          });
          if (!accepted) throw new Error('3 INVALID_ARGUMENT: refused by the fake');
          return { workflowId: o.workflowId };
        },
      },
    }) as unknown as Client;
  return {
    signals,
    state,
    /** The client a relay named `relay` uses (its signals are recorded under that name). */
    source: (relay = 'relay'): TemporalClientSource => {
      const client = clientFor(relay);
      return { get: async () => client };
    },
  };
}
