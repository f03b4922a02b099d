import type { Role, SessionStatus, Tool } from '@scrubin/protocol';

/** How statuses read on screen. */
export const STATUS_LABELS: Record<SessionStatus, string> = {
  idle: 'Waiting to start',
  active: 'In progress',
  paused: 'Paused',
  completed: 'Completed',
};

/** How roles read on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  surgeon: 'Surgeon',
  assistant: 'Assistant',
  observer: 'Observer',
};

/** How instruments read on screen. */
export const TOOL_LABELS: Record<Tool, string> = {
  scalpel: 'Scalpel',
  forceps: 'Forceps',
  'needle-driver': 'Needle driver',
  scissors: 'Scissors',
  cautery: 'Cautery',
  retractor: 'Retractor',
};

/** Sub-score names as the score card shows them. */
export const SUB_SCORE_LABELS: Record<string, string> = {
  precision: 'Precision',
  depth: 'Depth',
  efficiency: 'Efficiency',
  smoothness: 'Smoothness',
  tissueRespect: 'Tissue respect',
};
