import { isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from 'yaml';
import type { Comparison, LessonIssue, SourcePos } from './schema.js';
import { parseComparison, parseDuration, suggest } from './values.js';

/** A key of a YAML mapping and its value node. */
export type Entry = { key: Node; value: Node | null };

/** Collects issues with their line and column while reading the YAML tree. */
export class Reader {
  readonly issues: LessonIssue[] = [];
  constructor(private readonly lines: LineCounter) {}

  pos(node: Node | null | undefined, fallback: SourcePos = { line: 1, col: 1 }): SourcePos {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : this.lines.linePos(offset);
  }

  error(node: Node | null | undefined, message: string, fallback?: SourcePos): void {
    this.issues.push({ ...this.pos(node, fallback), message });
  }

  /** The entries of a mapping by key; reports non-string and unknown keys. */
  entries(map: YAMLMap, known: readonly string[], where: string): Map<string, Entry> {
    const out = new Map<string, Entry>();
    for (const pair of map.items) {
      const key = pair.key as Node;
      const value = (pair.value ?? null) as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.error(key, `${where}: keys are words`);
        continue;
      }
      if (!known.includes(key.value)) {
        this.error(
          key,
          `unknown key "${key.value}" in ${where}${suggest(key.value, known)}; expected ${known.join(', ')}`,
        );
        continue;
      }
      out.set(key.value, { key, value });
    }
    return out;
  }

  /** A scalar's value, or undefined (reported) when the node is not a scalar. */
  scalar(entry: Entry, what: string): unknown {
    const { value } = entry;
    if (value === null || (isScalar(value) && value.value === null)) {
      this.error(entry.key, `${what} is empty`);
      return undefined;
    }
    if (!isScalar(value)) {
      this.error(
        value,
        `${what} must be a single value, not a ${isSeq(value) ? 'list' : 'mapping'}`,
      );
      return undefined;
    }
    return value.value;
  }

  string(entry: Entry, what: string, max: number): string | undefined {
    const raw = this.scalar(entry, what);
    if (raw === undefined) return undefined;
    const text = typeof raw === 'number' ? String(raw) : raw;
    if (typeof text !== 'string' || text.trim() === '') {
      this.error(entry.value, `${what} must be text`);
      return undefined;
    }
    if (text.trim().length > max) {
      this.error(
        entry.value,
        `${what} is too long (${text.trim().length} characters, at most ${max})`,
      );
      return undefined;
    }
    return text.trim();
  }

  oneOf<T extends string>(entry: Entry, what: string, allowed: readonly T[]): T | undefined {
    const raw = this.scalar(entry, what);
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
      const hint = typeof raw === 'string' ? suggest(raw, allowed) : '';
      this.error(
        entry.value,
        `${what} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}${hint}`,
      );
      return undefined;
    }
    return raw as T;
  }

  duration(entry: Entry, what: string, { positive = false } = {}): number | undefined {
    const raw = this.scalar(entry, what);
    if (raw === undefined) return undefined;
    const ms = parseDuration(raw);
    if (ms === null || (positive && ms <= 0)) {
      this.error(
        entry.value,
        `${what} must be a ${positive ? 'positive ' : ''}duration: seconds (30) or 500ms, 5s, 10m, 1h, 1m30s; not ${JSON.stringify(raw)}`,
      );
      return undefined;
    }
    return ms;
  }

  comparison(entry: Entry, what: string): Comparison | undefined {
    const raw = this.scalar(entry, what);
    if (raw === undefined) return undefined;
    const c = parseComparison(raw);
    if (c === null) {
      this.error(
        entry.value,
        `${what} must be a number (meaning at least) or a comparison such as ">= 2", "< 5", "== 1"; not ${JSON.stringify(raw)}`,
      );
      return undefined;
    }
    return c;
  }

  number(
    entry: Entry,
    what: string,
    min: number,
    max: number,
    integer = false,
  ): number | undefined {
    const raw = this.scalar(entry, what);
    if (raw === undefined) return undefined;
    if (typeof raw !== 'number' || (integer && !Number.isInteger(raw)) || raw < min || raw > max) {
      this.error(
        entry.value,
        `${what} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(raw)}`,
      );
      return undefined;
    }
    return raw;
  }

  boolean(entry: Entry, what: string): boolean | undefined {
    const raw = this.scalar(entry, what);
    if (raw === undefined) return undefined;
    if (typeof raw !== 'boolean') {
      this.error(entry.value, `${what} must be true or false, not ${JSON.stringify(raw)}`);
      return undefined;
    }
    return raw;
  }

  map(entry: Entry, what: string): YAMLMap | undefined {
    if (!isMap(entry.value)) {
      this.error(entry.value ?? entry.key, `${what} must be a mapping (key: value lines)`);
      return undefined;
    }
    return entry.value;
  }
}
