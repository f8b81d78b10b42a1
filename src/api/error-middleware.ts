import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';

function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('not_found', `No route for ${req.method} ${req.path}`));
};

/** Every error leaves as JSON; bad input is never a 500. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof AppError) {
      res.status(err.status).json(errorBody(err.code, err.message, err.details));
      return;
    }
    // body-parser marks its own errors with `type` and `status`.
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('malformed_json', 'The request body is not valid JSON'));
      return;
    }
    if (err?.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'The request body is larger than 1 MiB'));
      return;
    }
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(err.status).json(errorBody('bad_request', err.message ?? 'Bad request'));
      return;
    }
    logger.error({ err }, 'unhandled error');
    res.status(500).json(errorBody('internal', 'Internal server error'));
  };
}
