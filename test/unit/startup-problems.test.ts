import net from 'node:net';
import { Client } from 'pg';
import { loadEnv } from '../../src/config';
import { ensurePortsFree } from '../../src/port-check';
import {
  explainStartupFailure,
  reportStartupFailure,
  StartupProblem,
  startupStep,
} from '../../src/startup-problems';

/** The error a real connection attempt to a closed local port gives. */
async function refusedConnectionError(): Promise<unknown> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const client = new Client({ host: '127.0.0.1', port, user: 'app', password: 'x' });
  return client.connect().then(
    () => undefined,
    (err: unknown) => err,
  );
}

async function failureOf(work: () => Promise<unknown>): Promise<StartupProblem> {
  try {
    await work();
  } catch (err) {
    if (err instanceof StartupProblem) return err;
    throw err;
  }
  throw new Error('expected a StartupProblem');
}

describe('start-up problems', () => {
  it('when an environment value is invalid, then the line names every bad variable but never its value', () => {
    // Act
    let problem: unknown;
    try {
      loadEnv({ PORT: 'not-a-port', LOG_LEVEL: 'loud' });
    } catch (err) {
      problem = err;
    }

    // Assert
    expect(problem).toBeInstanceOf(StartupProblem);
    const line = explainStartupFailure(problem);
    expect(line).toMatch(/PORT: expected number/);
    expect(line).toMatch(/LOG_LEVEL: expected one of/);
    expect(line).toContain('fix or unset PORT, LOG_LEVEL');
    expect(line).not.toContain('not-a-port');
    expect(line).not.toContain('loud');
  });

  it('when a port the service needs is taken, then the line names the port and the variable that moves it', async () => {
    // Arrange
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;

    try {
      // Act
      const problem = await failureOf(() =>
        ensurePortsFree([{ port, variable: 'TEMPORAL_UI_PORT', host: '127.0.0.1' }]),
      );

      // Assert
      expect(problem.message).toBe(
        `port ${port} is already in use: stop the program that holds it, or set TEMPORAL_UI_PORT to a free port`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('when DATABASE_URL points at nothing, then the line says where, why, and to fix DATABASE_URL', async () => {
    // Arrange
    const refused = await refusedConnectionError();

    // Act
    const problem = await failureOf(() =>
      startupStep({ part: 'database', url: 'postgres://app:s3cret@127.0.0.1:6543/shop' }, () => {
        throw refused;
      }),
    );

    // Assert
    expect(problem.message).toBe(
      'cannot reach PostgreSQL at 127.0.0.1:6543 (ECONNREFUSED): start it there, or fix DATABASE_URL',
    );
    expect(problem.cause).toBe(refused);
  });

  it.each([
    [
      'a wrong password',
      { code: '28P01', message: 'password authentication failed for user "app"' },
      'PostgreSQL at db.internal:5432 refused the password of app: fix the credentials in DATABASE_URL',
    ],
    [
      'a missing database',
      { code: '3D000', message: 'database "shop" does not exist' },
      'database "shop" does not exist at db.internal:5432: create it (createdb shop), or fix DATABASE_URL',
    ],
    [
      'no password where one is asked for',
      { message: 'SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string' },
      'PostgreSQL at db.internal:5432 asks for a password: put it in DATABASE_URL (postgres://user:password@host/database)',
    ],
  ])(
    'when PostgreSQL answers with %s, then the line names the fix without the password',
    (_, error, line) => {
      // Act
      const explained = explainStartupFailure(error, {
        part: 'database',
        url: 'postgres://app:s3cret@db.internal/shop',
      });

      // Assert
      expect(explained).toBe(line);
      expect(explained).not.toContain('s3cret');
    },
  );

  it('when DATABASE_URL is not a PostgreSQL URL, then the line shows the form it takes', () => {
    // Act
    const explained = explainStartupFailure(new TypeError('Invalid URL'), {
      part: 'database',
      url: 'localhost:5432',
    });

    // Assert
    expect(explained).toBe(
      'DATABASE_URL is not a PostgreSQL URL: use postgres://user:password@host:5432/database',
    );
  });

  it('when Temporal cannot be reached, then npm start also offers to run its own', () => {
    // Act
    const coreError = new Error(
      'tonic::transport::Error(Transport, ConnectError(ConnectError("tcp connect error", 127.0.0.1:7233, Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })))',
    );
    const explained = explainStartupFailure(coreError, {
      part: 'temporal',
      address: 'temporal.internal:7233',
      embeddedAlternative: true,
    });

    // Assert
    expect(explained).toBe(
      'cannot reach Temporal at temporal.internal:7233 (Connection refused): start it there, or fix TEMPORAL_ADDRESS, or unset it so npm start runs its own',
    );
  });

  it('when the API finds its port taken as it listens, then the line names PORT', () => {
    // Arrange
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use :::3000'), {
      code: 'EADDRINUSE',
    });

    // Act
    const explained = explainStartupFailure(inUse, { part: 'listen', port: 3000, variable: 'PORT' });

    // Assert
    expect(explained).toBe(
      'port 3000 is already in use: stop the program that holds it, or set PORT to a free port',
    );
  });

  it('when the data folder cannot be written, then the line names DATA_DIR', () => {
    // Act
    const explained = explainStartupFailure(
      Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
      {
        part: 'data-folder',
        dir: '/srv/cn/.data',
      },
    );

    // Assert
    expect(explained).toBe(
      'cannot write the data folder /srv/cn/.data (EACCES): make it writable, or set DATA_DIR to a folder you can write',
    );
  });

  it('when the failure is none the service knows, then it is still one line, pointing at LOG_LEVEL=debug', () => {
    // Arrange
    const printed: unknown[][] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args));

    try {
      // Act
      reportStartupFailure('the worker', new Error('something odd\n    at frame (file.ts:1:1)'));

      // Assert
      expect(printed).toEqual([
        ['Cannot start the worker: something odd (LOG_LEVEL=debug shows the details)'],
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
