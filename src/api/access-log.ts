import type { Logger } from 'pino';
import pinoHttp from 'pino-http';

/** What pino-http hands a request serializer: its standard serialization of the request. */
interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

/**
 * One line per request that holds no personal data (SPEC 7): the method and the path without its query
 * string (lists are filtered by phone or email there), the status and the time taken — no headers and
 * no bodies (clients' contacts, message texts, provider payloads).
 */
export function accessLog(logger: Logger) {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req) => req.url === '/health' },
    serializers: {
      req: (req: SerializedRequest) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
