import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { companyOf, type ApiDeps } from './deps';

/** Where `npm run build:web` puts the console (git-ignored); the same path from src/ and dist/. */
export const CONSOLE_ASSETS_DIR = path.resolve(__dirname, '..', '..', 'web', 'dist');

// Paths the console never owns: an unknown one there stays a JSON 404 from the API.
const API_PATHS = /^\/(v1|admin|webhooks|health|metrics|docs|openapi\.json)(\/|$)/;

/**
 * `GET /v1/console-config`: what the console cannot know itself — the signed-in company (workflow ids
 * carry it) and where the Temporal Web UI is, for links to an order's or lead's workflow.
 */
export function consoleConfigRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      companyId: companyOf(res),
      temporalUiUrl: deps.console?.temporalUiUrl ?? null,
      temporalNamespace: deps.console?.temporalNamespace ?? 'default',
    });
  });
  return router;
}

/** The manager's web console at `/`: its built assets, and index.html for its client-side routes. */
export function consoleRouter(assetsDir = CONSOLE_ASSETS_DIR): Router {
  const router = Router();
  const index = path.join(assetsDir, 'index.html');
  router.use(express.static(assetsDir, { index: false, maxAge: '1h' }));
  router.get(/.*/, (req, res, next) => {
    // Only a browser asking for a page gets the console: API clients keep the JSON 404 for unknown paths.
    const wantsPage = req.headers.accept?.includes('text/html') ?? false;
    if (API_PATHS.test(req.path) || !wantsPage) return next();
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text')
        .send('The web console is not built yet: run `npm run build:web` (npm install and npm start do it).');
      return;
    }
    // The page itself is never cached, so a new build's hashed assets are picked up at once.
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
