import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StartupProblem } from '../startup-problems';
import { resolveTemporalCli } from '../temporal-binaries';
import { CUSTOM_SEARCH_ATTRIBUTES } from './search-attributes';

/**
 * Task queue fairness (the relay gives each workflow its company as fairness key): one company's backlog
 * of workflow and activity tasks does not hold up another's.
 */
export const FAIRNESS_ARGS = ['--dynamic-config-value', 'matching.enableFairness=true'];

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** What the dev server last complained about in this run's part of its (appended) log. */
function lastError(logFile: string, runStart: number): string {
  const text = fs.readFileSync(logFile).subarray(runStart).toString('utf8');
  const lines = text.split('\n').filter((line) => /error|fatal|panic/i.test(line));
  return lines.at(-1)?.trim().slice(0, 300) ?? 'no error in its log';
}

async function waitForPort(
  port: number,
  deadlineMs: number,
  child: ChildProcess,
  options: { dataDir: string; logFile: string; logStart: number },
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new StartupProblem(
        `the Temporal dev server stopped while starting (${lastError(options.logFile, options.logStart)}): see ${options.logFile}; deleting ${options.dataDir} starts Temporal from scratch`,
      );
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new StartupProblem(
    `the Temporal dev server did not open port ${port} within ${deadlineMs / 1000}s: see ${options.logFile}`,
  );
}

/**
 * Runs `temporal server start-dev` with its Web UI, persisting to a SQLite file under `dataDir`,
 * with the project's custom search attributes registered.
 */
export async function startTemporalDevServer(options: {
  dataDir: string;
  port: number;
  uiPort: number;
  logFile: string;
  /** More `start-dev` flags, e.g. `--dynamic-config-value` for a benchmark. */
  extraArgs?: string[];
}): Promise<DevServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  const logStart = fs.fstatSync(log).size;
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(options.dataDir, 'temporal.db'),
    // WAL with normal sync: survives a crash of any process (only a power loss may drop the last
    // moments), and each write no longer waits for a full fsync, which dominated the send latency.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--log-level',
    'warn',
    ...FAIRNESS_ARGS,
    ...CUSTOM_SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
    ...(options.extraArgs ?? []),
  ];
  const cli = resolveTemporalCli();
  const child = spawn(cli, args, { stdio: ['ignore', log, log] });
  const spawned = new Promise<void>((_, reject) =>
    child.once('error', (err) =>
      reject(
        new StartupProblem(
          `cannot run ${cli} (${err.message}): run 'npm run setup', or set TEMPORAL_CLI_PATH`,
        ),
      ),
    ),
  );
  spawned.catch(() => undefined);
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  await Promise.race([spawned, waitForPort(options.port, 60_000, child, { ...options, logStart })]);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
