/**
 * How a worker uses memory and concurrency, from the configuration. The workflow cache is the one that
 * grows with the number of open orders, so it is bounded by a memory budget rather than left to the SDK's
 * default (which follows the V8 heap limit, not the machine or container).
 */
import os from 'node:os';
import type { WorkerOptions } from '@temporalio/worker';
import type { Env } from './config';

/**
 * What one cached order workflow costs the worker process, measured with `npm run bench:scale`
 * (see docs/performance.md). Used to turn the memory budget into a number of cached workflows.
 */
export const KIB_PER_CACHED_WORKFLOW = 300;

/** The default cache budget: an eighth of the memory the process may use, at most this much. */
const MAX_DEFAULT_CACHE_MIB = 512;

export type WorkerSettings = Required<
  Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentLocalActivityExecutions'
  >
>;

/** The memory this process may use: the container's limit when there is one, else the machine's. */
export function memoryLimitBytes(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const total = os.totalmem();
  return constrained > 0 ? Math.min(constrained, total) : total;
}

/** The cache budget in MiB when WORKER_CACHE_MEMORY_MB is unset. */
export function defaultCacheMemoryMiB(limitBytes: number = memoryLimitBytes()): number {
  return Math.max(16, Math.min(MAX_DEFAULT_CACHE_MIB, Math.floor(limitBytes / 8 / 2 ** 20)));
}

/** How many workflows fit in a cache budget of `mib`. */
export function cachedWorkflowsFor(mib: number): number {
  return Math.floor((mib * 1024) / KIB_PER_CACHED_WORKFLOW);
}

export function workerSettingsFromEnv(
  env: Pick<
    Env,
    | 'WORKER_MAX_CACHED_WORKFLOWS'
    | 'WORKER_CACHE_MEMORY_MB'
    | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
    | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
    | 'WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES'
  >,
  limitBytes: number = memoryLimitBytes(),
): WorkerSettings {
  return {
    maxCachedWorkflows:
      env.WORKER_MAX_CACHED_WORKFLOWS ??
      cachedWorkflowsFor(env.WORKER_CACHE_MEMORY_MB ?? defaultCacheMemoryMiB(limitBytes)),
    maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: env.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
  };
}
