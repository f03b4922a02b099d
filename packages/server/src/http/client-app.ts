import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** Where the XR client's path starts; share links point here. */
export const CLIENT_PATH = '/surgery-simulation';

/** The built XR client of this checkout, if it was built. */
export function defaultClientDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  // From src/http or from dist (bundled): both reach packages/xr-client/dist.
  for (const candidate of [
    join(here, '../../../xr-client/dist'),
    join(here, '../../xr-client/dist'),
  ]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

/**
 * Serves the XR client's static files at /surgery-simulation, with index.html for its own
 * routes (`?link=…` and deep links), and sends `/` there.
 */
export function clientAppRoutes(clientDir: string | undefined): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(CLIENT_PATH + '/'));
  if (!clientDir || !existsSync(join(clientDir, 'index.html'))) {
    router.get([CLIENT_PATH, `${CLIENT_PATH}/*path`], (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send(
          'The XR client is not built. Run `npm run build -w @scrubin/xr-client`, then reload.',
        );
    });
    return router;
  }
  router.get(CLIENT_PATH, (req, res, next) => {
    // Express matches the path with or without its trailing slash; only add it when missing.
    const [path, query] = req.originalUrl.split('?');
    if (path !== CLIENT_PATH) return next();
    res.redirect(`${CLIENT_PATH}/${query === undefined ? '' : `?${query}`}`);
  });
  router.use(CLIENT_PATH, express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
  router.get(`${CLIENT_PATH}/*path`, (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  return router;
}
