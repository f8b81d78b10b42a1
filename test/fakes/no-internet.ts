/**
 * Test guard: while installed, any TCP connection to a host other than loopback fails at once
 * (before DNS), so a misconfigured SDK can never reach a real provider from a test.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']);

export class ExternalNetworkBlockedError extends Error {
  constructor(host: string) {
    super(`test tried to reach ${host}: only 127.0.0.1 is allowed`);
    this.name = 'ExternalNetworkBlockedError';
  }
}

function targetHost(args: unknown[]): string | undefined {
  const [first, second] = args as [unknown, unknown];
  if (Array.isArray(first)) return targetHost(first); // internal normalized form: [options, cb]
  if (first && typeof first === 'object') {
    const o = first as { host?: unknown; path?: unknown };
    if (typeof o.path === 'string' && o.host === undefined) return undefined; // unix socket / pipe
    return typeof o.host === 'string' ? o.host : 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof second === 'string' ? second : 'localhost';
  }
  return undefined; // path (unix socket)
}

/** Installs the guard; returns a function that removes it. */
export function blockExternalNetwork(): () => void {
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]) {
    const host = targetHost(args);
    if (host !== undefined && !LOOPBACK.has(host.toLowerCase())) {
      const err = new ExternalNetworkBlockedError(host);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded as typeof original;
  return () => {
    net.Socket.prototype.connect = original;
  };
}
