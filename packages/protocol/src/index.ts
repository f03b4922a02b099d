export * from './domain.js';
export * from './errors.js';
export * from './events.js';
export * from './identifiers.js';
export * from './logged-payloads.js';
export * from './quantize.js';
export * from './recording.js';
export type { components, operations, paths } from './generated/openapi.js';
