import { LIMITS } from '@scrubin/protocol';
import { SCENARIO_CATALOGUE } from '@scrubin/sim';
import cors from 'cors';
import express, { type Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import helmet from 'helmet';
import type { Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import type { TokenService } from '../auth/tokens.js';
import type { ServerOptions } from '../config.js';
import type { DatabaseStatus } from '../db/database-monitor.js';
import type { Models, SimulationDoc } from '../db/models.js';
import { KeyedRateLimiter } from '../limits/token-bucket.js';
import { renderPrometheus, type MetricsSnapshot } from '../metrics.js';
import { loadOpenApiDocument } from '../openapi-document.js';
import type { SessionService } from '../sessions/session-service.js';
import { clientAppRoutes, defaultClientDir } from './client-app.js';
import { errorHandler, notFound } from './errors.js';
import { requireUser } from './middleware.js';
import { authRoutes } from './routes/auth.js';
import { sessionRoutes } from './routes/sessions.js';

export interface AppDeps {
  options: ServerOptions;
  models: Models;
  tokens: TokenService;
  service: SessionService;
  recordingOf: (doc: SimulationDoc) => Promise<string>;
  logger: Logger;
  publicUrl: () => string;
  snapshot: () => MetricsSnapshot;
  /** What the database monitor last saw. */
  database: () => DatabaseStatus;
  /** What needs attention while serving (health `warnings`). */
  warnings: () => string[];
  embeddedDatabase: boolean;
  version: string;
}

/** The Express application: security headers, CORS, contract validation, routes, errors. */
export function createApp(deps: AppDeps): { app: Express; limiters: KeyedRateLimiter[] } {
  const { options, tokens, logger } = deps;
  const limiters = {
    login: new KeyedRateLimiter(options.rateLimits.login),
    register: new KeyedRateLimiter(options.rateLimits.register),
    join: new KeyedRateLimiter(options.rateLimits.join),
    create: new KeyedRateLimiter(options.rateLimits.create),
  };
  const document = loadOpenApiDocument();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(cors({ origin: options.corsOrigins === '*' ? '*' : options.corsOrigins }));
  app.use(express.json({ limit: LIMITS.restBodyBytes }));

  app.use(clientAppRoutes(options.clientDir ?? defaultClientDir()));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Scrub In API' }));

  app.use(
    OpenApiValidator.middleware({
      apiSpec: loadOpenApiDocument() as never,
      validateRequests: { allowUnknownQueryParameters: false },
      validateResponses: options.validateResponses,
      validateSecurity: false,
      ignorePaths: /^\/(?!api\/)/,
    }),
  );

  app.get('/api/health', (_req, res) => {
    const db = deps.database();
    const up = db.up;
    res.status(up ? 200 : 503).json({
      status: up ? 'ok' : 'degraded',
      database: up ? 'up' : 'down',
      ...(db.reason === undefined ? {} : { databaseReason: db.reason }),
      databaseSince: new Date(db.sinceMs).toISOString(),
      ...(db.latencyMs === undefined ? {} : { databaseLatencyMs: db.latencyMs }),
      embeddedDatabase: deps.embeddedDatabase,
      ...(deps.warnings().length > 0 ? { warnings: deps.warnings() } : {}),
      uptimeS: Math.round(process.uptime()),
      version: deps.version,
    });
  });
  app.get('/api/metrics', (_req, res) => {
    res.type('text/plain').send(renderPrometheus(deps.snapshot()));
  });
  app.get('/api/scenarios', (_req, res) => {
    res.json({ scenarios: SCENARIO_CATALOGUE });
  });
  app.use(
    '/api/auth',
    authRoutes({
      models: deps.models,
      tokens,
      loginLimiter: limiters.login,
      registerLimiter: limiters.register,
    }),
  );
  app.get('/api/rtc-config', requireUser(tokens), (_req, res) => {
    res.json({ iceServers: options.iceServers });
  });
  app.use(
    '/api/simulations/sessions',
    requireUser(tokens),
    sessionRoutes({
      service: deps.service,
      recordingOf: deps.recordingOf,
      joinLimiter: limiters.join,
      createLimiter: limiters.create,
      publicUrl: deps.publicUrl,
    }),
  );
  app.use('/api', notFound);
  app.use(errorHandler(logger, options.dbTimeoutMs));
  return { app, limiters: Object.values(limiters) };
}
