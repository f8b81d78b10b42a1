/**
 * Minimal building blocks for the fake provider servers: a node:http server on 127.0.0.1 (port 0),
 * a request log, and a queue of forced failures (`failNext`, `hangNext`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The body decoded as JSON or form fields (repeated fields keep their last value); `{}` otherwise. */
  body: Record<string, unknown>;
  /** Form bodies: every field with all its values. */
  form?: Record<string, string[]>;
  /** What the fake answered. */
  response?: { status: number; body: unknown };
}

export interface ForcedFailure {
  /**
   * An HTTP status, 0 to drop the connection, 'hang' to never answer, or 'late' to process the request
   * as usual (the provider accepts it) and answer only after `delayMs`, when the client has given up.
   */
  status: number | 'hang' | 'late';
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  remaining: number;
}

export interface FakeServer {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  /** Every request, oldest first. */
  requests: RecordedRequest[];
  /**
   * The next `times` (default 1) API requests get `status` with `body` (JSON; a provider-shaped
   * default when omitted) instead of being processed. Status 0 destroys the connection instead
   * (a network error).
   */
  failNext(status: number, body?: unknown, times?: number, headers?: Record<string, string>): void;
  /**
   * The next `times` (default 1) API requests are processed as usual (a message is accepted) but answered
   * only after `delayMs`: a provider that accepts and then answers after the client's timeout.
   */
  answerLateNext(delayMs: number, times?: number): void;
  /**
   * The next `times` (default 1) API requests are recorded but never answered, like a provider that
   * hangs: the connection stays open until the client gives up or the server closes.
   */
  hangNext(times?: number): void;
  /** Forget recorded requests and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest) => JsonAnswer | Promise<JsonAnswer>;

function parseBody(contentType: string, raw: string): Pick<RecordedRequest, 'body' | 'form'> {
  if (!raw) return { body: {} };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form: Record<string, string[]> = {};
    const body: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      (form[k] ??= []).push(v);
      body[k] = v;
    }
    return { body, form };
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return {
      body: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { value: parsed },
    };
  } catch {
    return { body: {} };
  }
}

/**
 * Starts a server. `handler` answers API requests; `defaultFailureBody(status)` shapes the body of
 * `failNext` answers when no body was given.
 */
export async function startFakeServer(
  handler: Handler,
  defaultFailureBody: (status: number) => unknown,
  isSend: (req: RecordedRequest) => boolean = () => true,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const failures: ForcedFailure[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          rawBody,
          ...parseBody(String(req.headers['content-type'] ?? ''), rawBody),
        };
        requests.push(recorded);

        let answer: JsonAnswer;
        // Forced failures hit the provider's send endpoint only, never the look-ups that reconcile it.
        const failure = isSend(recorded) ? failures[0] : undefined;
        if (failure) {
          failure.remaining -= 1;
          if (failure.remaining <= 0) failures.shift();
          if (failure.status === 'hang') return;
          if (failure.status === 0) {
            recorded.response = { status: 0, body: null };
            req.socket.destroy();
            return;
          }
        }
        if (failure && failure.status !== 'late') {
          answer = {
            status: failure.status as number,
            body: failure.body ?? defaultFailureBody(failure.status as number),
            headers: failure.headers,
          };
        } else {
          try {
            answer = await handler(recorded);
          } catch (err) {
            answer = { status: 500, body: { message: String(err) } };
          }
        }
        if (failure?.status === 'late') {
          await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
          if (res.destroyed || req.socket.destroyed) {
            recorded.response = { status: answer.status, body: answer.body };
            return;
          }
        }
        recorded.response = { status: answer.status, body: answer.body };
        const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(payload),
          ...answer.headers,
        });
        res.end(payload);
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status: number, body?: unknown, times = 1, headers?: Record<string, string>) {
      failures.push({ status, body, headers, remaining: Math.max(1, times) });
    },
    answerLateNext(delayMs: number, times = 1) {
      failures.push({ status: 'late', delayMs, remaining: Math.max(1, times) });
    },
    hangNext(times = 1) {
      failures.push({ status: 'hang', remaining: Math.max(1, times) });
    },
    reset() {
      requests.length = 0;
      failures.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** POSTs to a local URL (used by fakes to call our webhooks). Only loopback targets are allowed. */
export async function postToLocal(
  target: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const url = new URL(target);
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname)) {
    throw new Error(`fake providers only call local webhooks, not ${url.hostname}`);
  }
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: await res.text() };
}
