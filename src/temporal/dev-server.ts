import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { resolveTemporalCli } from '../temporal-binaries';
import { CUSTOM_SEARCH_ATTRIBUTES } from './search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitForPort(port: number, deadlineMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
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
  throw new Error(`Temporal dev server did not open port ${port} in time`);
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
    ...CUSTOM_SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(resolveTemporalCli(), args, { stdio: ['ignore', log, log] });
  await waitForPort(options.port, 60_000, child);
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
