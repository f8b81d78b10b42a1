import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import { apiRoutes } from './openapi/routes-table';

const idSegment = '[^/]+';

/** Each documented path as a pattern, with the methods it has (HEAD comes with GET). */
const paths = [...new Set(apiRoutes.map((r) => r.path))].map((path) => {
  const methods = apiRoutes.filter((r) => r.path === path).map((r) => r.method.toUpperCase());
  if (methods.includes('GET')) methods.push('HEAD');
  const pattern = new RegExp(`^${path.replace(/\./g, '\\.').replace(/\{\w+\}/g, idSegment)}/?$`);
  return { pattern, allow: methods.join(', ') };
});

/** Runs after every router: a known path asked with a method it does not have is a 405, not a 404. */
export const methodNotAllowed: RequestHandler = (req, res, next) => {
  const known = paths.find((p) => p.pattern.test(req.path));
  if (!known) return next();
  res.set('Allow', known.allow);
  throw new AppError(
    405,
    'method_not_allowed',
    `${req.method} is not allowed on ${req.path}; use ${known.allow}`,
    {
      allow: known.allow.split(', '),
    },
  );
};
