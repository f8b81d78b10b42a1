/**
 * Template rendering off the event loop (SPEC 7): each render runs in a worker thread with a hard time
 * limit and a heap limit. A render that overruns is not merely reported: its worker is terminated (the
 * pool starts a fresh one), so a template that loops, sorts millions of items or grows a huge string
 * stalls neither the API's requests nor the worker's other sends.
 */
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { RENDER_TIME_LIMIT_MS, type LimitScope } from '../domain/message-limits';
import type { RenderOutcome } from '../domain/render-within-limits';
import type { RenderOptions, TemplateData, TemplateSource } from '../domain/templates';
import type { RenderTask } from './render-worker';

export type { RenderOutcome } from '../domain/render-within-limits';

/** Every worker is busy and the queue is full: nothing was rendered, so the caller may try again later. */
export class RenderPoolBusyError extends Error {
  constructor() {
    super('every template renderer is busy; try again shortly');
    this.name = 'RenderPoolBusyError';
  }
}

export interface RenderPoolOptions {
  /** Renders at once (one worker thread each). */
  threads?: number;
  /** Renders waiting for a thread; beyond that `render` throws `RenderPoolBusyError`. */
  maxQueue?: number;
  /** Running time of one render (ms), from the moment its worker starts it. */
  timeLimitMs?: number;
  /** Heap of one worker thread (MB): a render that needs more fails with limit `memory`. */
  heapLimitMb?: number;
}

// Under ts-jest and tsx the worker is the TypeScript source, which a fresh thread can only load
// through tsx's require hook; the build runs the compiled `.js` beside this file.
const extension = path.extname(__filename);
const workerFile = path.join(__dirname, `render-worker${extension}`);
const execArgv = extension === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [];

export class RenderPool {
  readonly #pool: Piscina<RenderTask, RenderOutcome>;
  readonly #timeLimitMs: number;

  constructor(options: RenderPoolOptions = {}) {
    const threads = options.threads ?? 2;
    this.#timeLimitMs = options.timeLimitMs ?? RENDER_TIME_LIMIT_MS;
    this.#pool = new Piscina({
      filename: workerFile,
      execArgv,
      minThreads: 1,
      maxThreads: threads,
      maxQueue: options.maxQueue ?? 32 * threads,
      resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb ?? 128 },
    });
  }

  async render(
    source: TemplateSource,
    data: TemplateData,
    opts: RenderOptions,
    scope: LimitScope,
  ): Promise<RenderOutcome> {
    const { port1, port2 } = new MessageChannel();
    const overrun = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    port1.once('message', () => {
      timer = setTimeout(() => overrun.abort(), this.#timeLimitMs);
    });
    try {
      return await this.#pool.run(
        { source, data, opts, scope, started: port2 },
        { transferList: [port2], signal: overrun.signal },
      );
    } catch (err) {
      if (overrun.signal.aborted) {
        return {
          ok: false,
          limit: 'time',
          message: `rendering took longer than ${this.#timeLimitMs} ms and was stopped`,
        };
      }
      if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return {
          ok: false,
          limit: 'memory',
          message: 'rendering needed more memory than allowed and was stopped',
        };
      }
      if (err instanceof Error && err.message === 'Task queue is at limit') throw new RenderPoolBusyError();
      throw err;
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}

let shared: RenderPool | null = null;

/**
 * Renders on the process's shared pool (created on first use): the API's previews and save-time trial
 * renders, and the worker's sends. `scope` is the channel the message goes out on, or `any`.
 */
export function renderBounded(
  source: TemplateSource,
  data: TemplateData,
  opts: RenderOptions & { scope: LimitScope },
): Promise<RenderOutcome> {
  shared ??= new RenderPool();
  const { scope, ...renderOptions } = opts;
  return shared.render(source, data, renderOptions, scope);
}

/** Stops the shared pool's threads (on shutdown, and after tests). */
export async function closeSharedRenderPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
