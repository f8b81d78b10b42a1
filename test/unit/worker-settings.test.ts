import { loadEnv } from '../../src/config';
import {
  cachedWorkflowsFor,
  defaultCacheMemoryMiB,
  KIB_PER_CACHED_WORKFLOW,
  workerSettingsFromEnv,
} from '../../src/worker-settings';

const GiB = 2 ** 30;

describe('worker settings', () => {
  it('when nothing is configured, the workflow cache gets an eighth of memory, at most 512 MiB', () => {
    expect(defaultCacheMemoryMiB(1 * GiB)).toBe(128);
    expect(defaultCacheMemoryMiB(24 * GiB)).toBe(512);
    const settings = workerSettingsFromEnv(loadEnv({}), 1 * GiB);
    expect(settings.maxCachedWorkflows).toBe(Math.floor((128 * 1024) / KIB_PER_CACHED_WORKFLOW));
  });

  it('when a cache budget is configured, the number of cached workflows follows it', () => {
    const settings = workerSettingsFromEnv(loadEnv({ WORKER_CACHE_MEMORY_MB: '64' }), 24 * GiB);
    expect(settings.maxCachedWorkflows).toBe(cachedWorkflowsFor(64));
    expect(settings.maxCachedWorkflows).toBeGreaterThan(100);
  });

  it('when the number of cached workflows is configured, it wins over the budget (0 turns the cache off)', () => {
    const env = loadEnv({ WORKER_MAX_CACHED_WORKFLOWS: '0', WORKER_CACHE_MEMORY_MB: '64' });
    expect(workerSettingsFromEnv(env).maxCachedWorkflows).toBe(0);
  });

  it('when concurrency is configured, the worker runs that many tasks at a time', () => {
    const env = loadEnv({
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '30',
      WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '50',
    });
    expect(workerSettingsFromEnv(env)).toMatchObject({
      maxConcurrentWorkflowTaskExecutions: 8,
      maxConcurrentActivityTaskExecutions: 30,
      maxConcurrentLocalActivityExecutions: 50,
    });
  });

  it('when a setting is not a usable number, start-up fails naming the variable', () => {
    expect(() => loadEnv({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(
      /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/,
    );
    expect(() => loadEnv({ WORKER_DATABASE_POOL_MAX: 'lots' })).toThrow(/WORKER_DATABASE_POOL_MAX/);
  });
});
