import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { portInUse, StartupProblem } from '../startup-problems';
import { postgresExecutable, type PostgresBinaries } from './postgres-binaries';

/** Who the server runs as: root's `postgres` user, or (unset) the current user. */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresServer {
  stop(): Promise<void>;
}

const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 30_000;

// English messages whatever the user's locale: readiness and failures are read from them.
const childEnv = () => ({ ...process.env, LC_ALL: 'C' });

function lastLines(output: string, count = 1): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.slice(-count).join(' ');
}

function cannotRun(executable: string, err: NodeJS.ErrnoException): StartupProblem {
  return new StartupProblem(
    `cannot run ${executable} (${err.code ?? err.message}): reinstall the dependencies (npm ci), or set DATABASE_URL`,
  );
}

/** Creates a new cluster in `dataDir` with one password-protected superuser. */
export async function initialiseCluster(options: {
  binaries: PostgresBinaries;
  dataDir: string;
  user: string;
  password: string;
  runAs?: RunAs;
}): Promise<void> {
  const { dataDir, runAs } = options;
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  // initdb wants an empty data folder, so the password waits beside it, readable by the server's user only.
  const passwordFile = path.join(parent, `.pg-password-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (runAs) fs.chownSync(passwordFile, runAs.uid, runAs.gid);
  const initdb = postgresExecutable(options.binaries, 'initdb');
  try {
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${options.user}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      // UTF-8 text with Unicode-aware case mapping, needing no locale installed on the machine.
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ];
    const child = spawn(initdb, args, {
      cwd: parent,
      env: childEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
      ...runAs,
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) => reject(cannotRun(initdb, err)));
      child.once('close', resolve);
    });
    if (code !== 0) {
      throw new StartupProblem(
        `PostgreSQL could not create its data folder ${dataDir} (${lastLines(output)}): fix that or delete the folder, or set DATABASE_URL`,
      );
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** The fix for a server that stopped before it was ready, from the last words it wrote. */
function explainEarlyExit(output: string, dataDir: string, port: number): StartupProblem {
  if (/could not bind .*address already in use|could not create any TCP\/IP sockets/i.test(output)) {
    return portInUse(port, 'EMBEDDED_PG_PORT');
  }
  const otherServer = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(output);
  if (otherServer) {
    return new StartupProblem(
      `a PostgreSQL server (PID ${otherServer[1]}) is already running on ${dataDir}, perhaps left by an earlier start: stop it (kill ${otherServer[1]}) and start again`,
    );
  }
  if (/database files are incompatible with server/.test(output)) {
    return new StartupProblem(
      `the data in ${dataDir} was made by another PostgreSQL version (${lastLines(output, 2)}): delete the folder to start from scratch, or set DATABASE_URL`,
    );
  }
  return new StartupProblem(
    `PostgreSQL stopped while starting (${lastLines(output)}): fix that or delete ${dataDir} to start from scratch, or set DATABASE_URL`,
  );
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const running = child.pid !== undefined && child.exitCode === null && child.signalCode === null;
    if (!running) return resolve();
    // SIGINT is PostgreSQL's fast shutdown; SIGQUIT, should that hang, its immediate one.
    const hung = setTimeout(() => child.kill('SIGQUIT'), STOP_DEADLINE_MS);
    child.once('exit', () => {
      clearTimeout(hung);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** Runs the server on 127.0.0.1:`port` until `stop()`, or until this process exits. */
export async function startPostgresServer(options: {
  binaries: PostgresBinaries;
  dataDir: string;
  port: number;
  runAs?: RunAs;
}): Promise<PostgresServer> {
  const { dataDir, port } = options;
  const executable = postgresExecutable(options.binaries, 'postgres');
  const args = [
    ['-D', dataDir],
    ['-p', String(port)],
    // One address, so a port taken there is a failure rather than a server that listens elsewhere only;
    // no Unix socket, so nothing depends on a shared socket folder.
    ['-c', 'listen_addresses=127.0.0.1'],
    ['-c', 'unix_socket_directories='],
    ['-c', 'lc_messages=C'],
  ].flat();
  const child = spawn(executable, args, {
    cwd: dataDir,
    env: childEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    ...options.runAs,
  });
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));

  let output = '';
  let ready = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(
        () =>
          reject(
            new StartupProblem(
              `PostgreSQL did not start within ${START_DEADLINE_MS / 1000}s (${lastLines(output)}): set DATABASE_URL`,
            ),
          ),
        START_DEADLINE_MS,
      );
      // The server logs to stderr for as long as it runs: the pipe is always drained.
      child.stderr!.on('data', (chunk: Buffer) => {
        if (ready) return;
        output += chunk.toString();
        if (output.includes('database system is ready to accept connections')) {
          ready = true;
          clearTimeout(deadline);
          resolve();
        }
      });
      child.once('error', (err) => {
        clearTimeout(deadline);
        reject(cannotRun(executable, err));
      });
      child.once('close', () => {
        clearTimeout(deadline);
        reject(explainEarlyExit(output, dataDir, port));
      });
    });
  } catch (err) {
    await stopServer(child);
    throw err;
  }
  return { stop: () => stopServer(child) };
}
