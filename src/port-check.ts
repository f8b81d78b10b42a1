import net from 'node:net';
import { portInUse } from './startup-problems';

export interface PortToCheck {
  port: number;
  /** The variable that chooses this port, named in the fix. */
  variable: string;
  /** The address the server will bind; none means every address, as `app.listen(port)` does. */
  host?: string;
}

function isFree({ port, host }: PortToCheck): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Fails fast, before anything is started, when a port the service is about to listen on is taken — a
 * server that would find its port taken only after seconds of starting others, or a readiness probe that
 * would mistake the other program for ours, is worse than one clear line.
 */
export async function ensurePortsFree(ports: PortToCheck[]): Promise<void> {
  for (const port of ports) {
    if (port.port !== 0 && !(await isFree(port))) throw portInUse(port.port, port.variable);
  }
}
