import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { StartupProblem } from '../../src/startup-problems';

/** SPEC §6 "First run": a start-up problem the service cannot solve is one line naming the fix. */

const REPO = path.resolve(__dirname, '..', '..');

interface Outcome {
  code: number | null;
  stdout: string;
  stderrLines: string[];
}

function npmStart(env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderrLines: stderr.split('\n').filter(Boolean) }));
  });
}

async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return {
    port: (holder.address() as net.AddressInfo).port,
    release: () => new Promise((resolve) => holder.close(() => resolve())),
  };
}

async function problemOf(work: Promise<unknown>): Promise<StartupProblem> {
  const err = await work.then(
    () => new Error('expected the start to fail'),
    (failure: unknown) => failure,
  );
  if (err instanceof StartupProblem) return err;
  throw err;
}

const randomPort = () => String(20000 + Math.floor(Math.random() * 20000));

describe('npm start when it cannot start', () => {
  let dataDir: string;
  let ports: Record<string, string>;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-up-problems-'));
  });
  beforeEach(() => {
    ports = {
      PORT: randomPort(),
      EMBEDDED_PG_PORT: randomPort(),
      TEMPORAL_PORT: randomPort(),
      TEMPORAL_UI_PORT: randomPort(),
    };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('when the API port is taken, then it exits with one line naming PORT, having started nothing', async () => {
    // Arrange
    const taken = await holdPort();

    try {
      // Act
      const outcome = await npmStart({ ...ports, DATA_DIR: dataDir, PORT: String(taken.port) });

      // Assert
      expect(outcome.code).not.toBe(0);
      expect(outcome.stderrLines).toEqual([
        `Cannot start the service: port ${taken.port} is already in use: stop the program that holds it, or set PORT to a free port`,
      ]);
      expect(outcome.stdout).toBe('');
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      await taken.release();
    }
  });

  it('when an environment value is invalid, then it exits with one line naming the variable', async () => {
    // Act
    const outcome = await npmStart({ ...ports, DATA_DIR: dataDir, TEMPORAL_UI_PORT: 'eighty' });

    // Assert
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderrLines).toHaveLength(1);
    expect(outcome.stderrLines[0]).toMatch(
      /^Cannot start the service: invalid environment \(TEMPORAL_UI_PORT: .*\): fix or unset TEMPORAL_UI_PORT/,
    );
  });

  it('when DATABASE_URL points at no server, then it exits with one line naming DATABASE_URL', async () => {
    // Arrange
    const closed = await holdPort();
    await closed.release();

    // Act
    const outcome = await npmStart({
      ...ports,
      DATA_DIR: dataDir,
      DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${closed.port}/shop`,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });

    // Assert
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderrLines).toEqual([
      `Cannot start the service: cannot reach PostgreSQL at 127.0.0.1:${closed.port} (ECONNREFUSED): start it there, or fix DATABASE_URL`,
    ]);
  });
});

describe('the embedded PostgreSQL when it cannot start', () => {
  let base: string;
  let running: EmbeddedPostgres;

  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-problems-'));
    // Open, so that as root the postgres user keeps the data here rather than in /var/lib.
    fs.chmodSync(base, 0o755);
    running = await startEmbeddedPostgres({ dataDir: path.join(base, 'pg'), port: Number(randomPort()) });
  });
  afterAll(async () => {
    await running.stop();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('when its port was taken after the check, then the problem names EMBEDDED_PG_PORT', async () => {
    // Arrange
    const taken = await holdPort();

    try {
      // Act
      const problem = await problemOf(
        startEmbeddedPostgres({ dataDir: path.join(base, 'other'), port: taken.port }),
      );

      // Assert
      expect(problem.message).toBe(
        `port ${taken.port} is already in use: stop the program that holds it, or set EMBEDDED_PG_PORT to a free port`,
      );
    } finally {
      await taken.release();
    }
  });

  it('when a server left by an earlier start still runs on the data folder, then the problem says how to stop it', async () => {
    // Act
    const problem = await problemOf(
      startEmbeddedPostgres({ dataDir: path.join(base, 'pg'), port: Number(randomPort()) }),
    );

    // Assert
    const pid = fs.readFileSync(path.join(running.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    expect(problem.message).toBe(
      `a PostgreSQL server (PID ${pid}) is already running on ${running.dataDir}, perhaps left by an earlier start: stop it (kill ${pid}) and start again`,
    );
  });
});
