/**
 * Start-up failures the service cannot repair itself, each told as one line that names the fix:
 * `npm start`, `start:api` and `start:worker` print that line and exit, never a stack trace.
 */

/** A failure whose message is already the one line to show: what is wrong and how to fix it. */
export class StartupProblem extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupProblem';
  }
}

/** What was being started when an error happened: it decides which variable the fix names. */
export type StartupStep =
  | { part: 'data-folder'; dir: string }
  | { part: 'database'; url: string }
  | { part: 'temporal'; address: string; embeddedAlternative: boolean }
  | { part: 'listen'; port: number; variable: string };

interface ErrorFields {
  code?: string;
  message?: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

export function portInUse(port: number, variable: string): StartupProblem {
  return new StartupProblem(
    `port ${port} is already in use: stop the program that holds it, or set ${variable} to a free port`,
  );
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}

/** host:port of a connection URL, without the credentials it may carry. */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function databaseUser(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || 'the default user';
  } catch {
    return 'the default user';
  }
}

function explainDatabase(err: ErrorFields, url: string): string {
  const code = err.code ?? '';
  if (!/^postgres(ql)?:\/\//.test(url)) {
    return 'DATABASE_URL is not a PostgreSQL URL: use postgres://user:password@host:5432/database';
  }
  if (UNREACHABLE.has(code)) {
    return `cannot reach PostgreSQL at ${where(url)} (${code}): start it there, or fix DATABASE_URL`;
  }
  if (/client password must be a string/.test(err.message ?? '')) {
    return `PostgreSQL at ${where(url)} asks for a password: put it in DATABASE_URL (postgres://user:password@host/database)`;
  }
  if (code === '28P01') {
    return `PostgreSQL at ${where(url)} refused the password of ${databaseUser(url)}: fix the credentials in DATABASE_URL`;
  }
  if (code === '28000') {
    return `PostgreSQL at ${where(url)} refused ${databaseUser(url)} (${firstLine(err.message)}): fix DATABASE_URL or that server's pg_hba.conf`;
  }
  if (code === '3D000') {
    const database = new URL(url).pathname.slice(1);
    return `database "${database}" does not exist at ${where(url)}: create it (createdb ${database}), or fix DATABASE_URL`;
  }
  return `PostgreSQL at ${where(url)} failed: ${firstLine(err.message)}; fix DATABASE_URL`;
}

function explainStep(err: ErrorFields, step: StartupStep): string | undefined {
  switch (step.part) {
    case 'data-folder':
      return `cannot write the data folder ${step.dir} (${err.code ?? firstLine(err.message)}): make it writable, or set DATA_DIR to a folder you can write`;
    case 'database':
      return explainDatabase(err, step.url);
    case 'temporal': {
      // The SDK's Rust core nests the operating system's reason deep inside its message.
      const reason = /message: "([^"]+)"/.exec(err.message ?? '')?.[1] ?? firstLine(err.message);
      const alternative = step.embeddedAlternative ? ', or unset it so npm start runs its own' : '';
      return `cannot reach Temporal at ${step.address} (${reason}): start it there, or fix TEMPORAL_ADDRESS${alternative}`;
    }
    case 'listen':
      if (err.code === 'EADDRINUSE') return portInUse(step.port, step.variable).message;
      if (err.code === 'EACCES') {
        return `port ${step.port} needs privileges this user does not have: set ${step.variable} to a port above 1023`;
      }
      return undefined;
  }
}

/** The one line for a start-up failure: the problem's own message, or what the failed step means. */
export function explainStartupFailure(err: unknown, step?: StartupStep): string {
  if (err instanceof StartupProblem) return err.message;
  const fields: ErrorFields =
    typeof err === 'object' && err !== null ? (err as ErrorFields) : { message: String(err) };
  const explained = step ? explainStep(fields, step) : undefined;
  return explained ?? `${firstLine(fields.message) || 'unknown error'} (LOG_LEVEL=debug shows the details)`;
}

/** Runs one start-up step, turning its failure into a StartupProblem that names the fix. */
export async function startupStep<T>(step: StartupStep, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StartupProblem) throw err;
    throw new StartupProblem(explainStartupFailure(err, step), { cause: err });
  }
}

/** Prints the failure as one line on stderr (the stack too only when LOG_LEVEL asks for debugging). */
export function reportStartupFailure(what: string, err: unknown): void {
  const line = explainStartupFailure(err).replace(/\s+/g, ' ');
  console.error(`Cannot start ${what}: ${line}`);
  if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '')) {
    console.error(err instanceof StartupProblem && err.cause ? err.cause : err);
  }
}
