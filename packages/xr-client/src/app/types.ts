import type { components } from '@scrubin/protocol';

export type User = components['schemas']['User'];
export type SessionDetails = components['schemas']['SessionDetails'];
export type SessionSummary = components['schemas']['SessionSummary'];
export type Scenario = components['schemas']['Scenario'];
