import {
  shareableLinkOf,
  type JoinRole,
  type Role,
  type ScenarioId,
  type SessionStatus,
} from '@scrubin/protocol';
import { Router, type Request } from 'express';
import type { SimulationDoc } from '../../db/models.js';
import type { KeyedRateLimiter } from '../../limits/token-bucket.js';
import type { CreateSessionInput, SessionService } from '../../sessions/session-service.js';
import { detailsView, participantView, summaryView } from '../../sessions/views.js';
import { clientIp, rateLimit, userOf } from '../middleware.js';

export interface SessionRouteDeps {
  service: SessionService;
  /** The session's recording (JSON lines) as it stands. */
  recordingOf: (doc: SimulationDoc) => Promise<string>;
  joinLimiter: KeyedRateLimiter;
  createLimiter: KeyedRateLimiter;
  publicUrl: () => string;
}

/** Query numbers arrive validated by the OpenAPI middleware; defaults as the document says. */
function pageOf(req: Request) {
  const page = Number(req.query.page ?? 1);
  const limit = Number(req.query.limit ?? 20);
  return { page, limit };
}

const param = (req: Request, name: string) => String(req.params[name]);

/** The session endpoints under /api/simulations/sessions (all need a token). */
export function sessionRoutes({
  service,
  recordingOf,
  joinLimiter,
  createLimiter,
  publicUrl,
}: SessionRouteDeps): Router {
  const router = Router();
  const byIp = rateLimit(joinLimiter, clientIp);

  router.post(
    '/',
    rateLimit(createLimiter, (_req, res) => userOf(res).id),
    async (req, res) => {
      const doc = await service.create(userOf(res), req.body as CreateSessionInput);
      const session = detailsView(doc, publicUrl());
      res.status(201).json({ session, shareableLink: session.shareableLink });
    },
  );

  router.get('/active', async (req, res) => {
    const query = {
      ...pageOf(req),
      scenario: req.query.scenario as ScenarioId | undefined,
      q: req.query.q as string | undefined,
    };
    const { docs, total } = await service.listActive(query);
    res.json({ sessions: docs.map(summaryView), total, page: query.page, limit: query.limit });
  });

  router.get('/mine', async (req, res) => {
    const query = { ...pageOf(req), status: req.query.status as SessionStatus | undefined };
    const { docs, total } = await service.listMine(userOf(res).id, query);
    res.json({
      sessions: docs.map((d) => detailsView(d, publicUrl())),
      total,
      page: query.page,
      limit: query.limit,
    });
  });

  router.post('/join/:identifier', byIp, async (req, res) => {
    const role = (req.body as { role?: JoinRole } | undefined)?.role;
    const { doc, participant } = await service.join(userOf(res), param(req, 'identifier'), role);
    res.json({ session: detailsView(doc, publicUrl()), participant: participantView(participant) });
  });

  router.get('/link/:identifier', byIp, async (req, res) => {
    res.json({ session: summaryView(await service.preview(param(req, 'identifier'))) });
  });

  router.get('/:sessionId', async (req, res) => {
    const doc = await service.getForParticipant(param(req, 'sessionId'), userOf(res).id);
    res.json({ session: detailsView(doc, publicUrl()) });
  });

  router.get('/:sessionId/events', async (req, res) => {
    const sessionId = param(req, 'sessionId');
    const afterSeq = Number(req.query.afterSeq ?? 0);
    const limit = Number(req.query.limit ?? 1000);
    const page = await service.exportEvents(sessionId, userOf(res).id, afterSeq, limit);
    res.json({ sessionId, ...page });
  });

  router.get('/:sessionId/recording', async (req, res) => {
    const doc = await service.getForParticipant(param(req, 'sessionId'), userOf(res).id);
    res
      .type('application/x-ndjson')
      .setHeader('Content-Disposition', `attachment; filename="${doc.sessionId}.jsonl"`)
      .send(await recordingOf(doc));
  });

  router.patch('/:sessionId/participants/:userId', async (req, res) => {
    const { role } = req.body as { role: Role };
    const seat = await service.changeRole(
      param(req, 'sessionId'),
      userOf(res).id,
      param(req, 'userId'),
      role,
    );
    res.json({ participant: participantView(seat) });
  });

  router.delete('/:sessionId/participants/:userId', async (req, res) => {
    await service.remove(param(req, 'sessionId'), userOf(res).id, param(req, 'userId'));
    res.status(204).end();
  });

  router.post('/:sessionId/rotate', async (req, res) => {
    const ids = await service.rotate(param(req, 'sessionId'), userOf(res).id);
    res.json({ ...ids, shareableLink: shareableLinkOf(publicUrl(), ids.uniqueLink) });
  });

  router.post('/:sessionId/end', async (req, res) => {
    const doc = await service.end(param(req, 'sessionId'), userOf(res).id);
    res.json({ session: detailsView(doc, publicUrl()) });
  });

  return router;
}
