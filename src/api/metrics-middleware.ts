import type { RequestHandler } from 'express';
import { httpRequestDuration } from '../metrics';

export const metricsMiddleware: RequestHandler = (req, res, next) => {
  const stop = httpRequestDuration.startTimer();
  res.on('finish', () => {
    // The matched route pattern keeps label cardinality bounded (no ids in labels).
    const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
    stop({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
};
