import { TICK_HZ } from '@scrubin/protocol';
import type { Comparison } from './schema.js';

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const DURATION_RE =
  /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/;

/**
 * A duration in milliseconds: a number of seconds, or text such as `500ms`, `5s`, `10m`, `1h`,
 * `1m30s`. Returns null when it is none of these.
 * @example parseDuration('1m30s') // 90000
 */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/\s+/g, '');
  if (text === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  const m = DURATION_RE.exec(text);
  if (!m || m.slice(1).every((g) => g === undefined)) return null;
  const [, h, min, s, ms] = m;
  return Math.round(
    Number(h ?? 0) * UNIT_MS.h +
      Number(min ?? 0) * UNIT_MS.m +
      Number(s ?? 0) * UNIT_MS.s +
      Number(ms ?? 0),
  );
}

/** A duration for people: `90s` → `1m30s`, `500` → `500ms`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalS = Math.round(ms / 100) / 10;
  if (totalS < 60) return `${totalS}s`;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = Math.round(totalS % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

const COMPARISON_RE = /^(>=|<=|==|!=|>|<|=)?\s*(-?\d+(?:\.\d+)?)$/;

/**
 * A comparison: a bare number means "at least" (`2` → `>= 2`); text is an operator and a number
 * (`">= 70"`, `"< 3"`, `"== 1"`). Returns null otherwise.
 */
export function parseComparison(value: unknown): Comparison | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { op: '>=', value } : null;
  if (typeof value !== 'string') return null;
  const m = COMPARISON_RE.exec(value.trim());
  if (!m) return null;
  const op = (m[1] === '=' ? '==' : (m[1] ?? '>=')) as Comparison['op'];
  return { op, value: Number(m[2]) };
}

/** Whether `actual` satisfies the comparison. */
export function compare(actual: number, { op, value }: Comparison): boolean {
  switch (op) {
    case '>=':
      return actual >= value;
    case '>':
      return actual > value;
    case '<=':
      return actual <= value;
    case '<':
      return actual < value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** `>= 70` */
export const formatComparison = (c: Comparison): string => `${c.op} ${c.value}`;

/**
 * A point of a recording: a tick number, or a time of active simulation (`10s`, `1m`) turned into
 * ticks (90 per second). Returns null otherwise.
 */
export function parseTick(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  const ms = parseDuration(value);
  return ms === null ? null : Math.round((ms * TICK_HZ) / 1000);
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** ` (did you mean "say"?)` when one of `known` is close to `word`, else ''. */
export function suggest(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== undefined &&
    bestD < word.length &&
    bestD <= Math.max(2, Math.floor(word.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}
