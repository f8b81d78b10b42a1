import pino, { type DestinationStream } from 'pino';

/** Secrets a request carries in its headers: never written to the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
];

export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    { level, base: { service: 'notifications' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}
