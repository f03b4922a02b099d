import { shareableLinkOf, type components } from '@scrubin/protocol';
import type { ParticipantDoc, SimulationDoc } from '../db/models.js';

type SessionDetails = components['schemas']['SessionDetails'];
type SessionSummary = components['schemas']['SessionSummary'];
type Participant = components['schemas']['Participant'];

const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;

/** Active seconds so far, counting the running stretch. */
export function activeSecondsOf(
  doc: Pick<SimulationDoc, 'activeMs' | 'activeSince'>,
  nowMs = Date.now(),
): number {
  const running = doc.activeSince ? nowMs - new Date(doc.activeSince).getTime() : 0;
  return Math.round((doc.activeMs + Math.max(0, running)) / 100) / 10;
}

export function participantView(p: ParticipantDoc): Participant {
  return {
    userId: p.userId,
    name: p.name,
    role: p.role,
    joinedAt: new Date(p.joinedAt).toISOString(),
    leftAt: iso(p.leftAt),
  };
}

/** The session as its participants see it. */
export function detailsView(doc: SimulationDoc, publicUrl: string): SessionDetails {
  return {
    sessionId: doc.sessionId,
    uniqueLink: doc.uniqueLink,
    shareableCode: doc.shareableCode,
    shareableLink: shareableLinkOf(publicUrl, doc.uniqueLink),
    title: doc.title,
    description: doc.description ?? '',
    scenario: doc.scenario,
    creatorId: doc.creatorId,
    hostName: doc.hostName,
    maxParticipants: doc.maxParticipants,
    participantCount: doc.participantCount,
    inviteOnly: doc.inviteOnly,
    status: doc.status,
    collaborativeData: {
      participants: (doc.collaborativeData?.participants ?? []).map(participantView),
      totalMessages: doc.collaborativeData?.totalMessages ?? 0,
      voiceTime: doc.collaborativeData?.voiceTime ?? 0,
    },
    duration: activeSecondsOf(doc),
    score: doc.score ?? null,
    errors: doc.errors ?? 0,
    performance: doc.performance ?? {},
    toolsUsed: (doc.toolsUsed ?? []) as SessionDetails['toolsUsed'],
    cuts: (doc.cuts ?? []) as SessionDetails['cuts'],
    startedAt: iso(doc.startedAt),
    endedAt: iso(doc.endedAt),
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
    simulation: {
      version: doc.simulation?.version ?? '0',
      tier: (doc.simulation?.tier ?? 'default') as SessionDetails['simulation']['tier'],
      seed: doc.simulation?.seed ?? 1,
    },
    scoreDetails: doc.scoreDetails
      ? {
          participants: doc.scoreDetails.participants as NonNullable<
            SessionDetails['scoreDetails']
          >['participants'],
          finalHash: doc.scoreDetails.finalHash,
          ticks: doc.scoreDetails.ticks,
          scoredAt: new Date(doc.scoreDetails.scoredAt).toISOString(),
        }
      : null,
  };
}

/** What anyone signed in may see; invite-only sessions keep their code to themselves. */
export function summaryView(doc: SimulationDoc): SessionSummary {
  const summary: SessionSummary = {
    sessionId: doc.sessionId,
    title: doc.title,
    description: doc.description ?? '',
    scenario: doc.scenario,
    hostName: doc.hostName,
    maxParticipants: doc.maxParticipants,
    participantCount: doc.participantCount,
    inviteOnly: doc.inviteOnly,
    status: doc.status,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
  if (!doc.inviteOnly) summary.shareableCode = doc.shareableCode;
  return summary;
}

/** The open stay of a user, if they hold a seat. */
export function openSeatOf(doc: SimulationDoc, userId: string): ParticipantDoc | undefined {
  return doc.collaborativeData?.participants?.find((p) => p.userId === userId && !p.leftAt);
}
