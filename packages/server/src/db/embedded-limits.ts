/**
 * How far the embedded database carries an install. Its cost of every operation grows with the
 * number of documents in the collection touched; the event log is partitioned so that none of
 * its collections grows, but `users` and `simulations` hold one document per account and per
 * session. These are the sizes at which a write the server does on them passes 20 ms (p50),
 * rounded down over two runs on 2 cores (docs/benchmarks.md has the tables):
 *
 *   npm run bench:embedded-limits -- --max 3000 --step 250 --samples 15
 *   npm run bench:embedded-limits -- --max 1500 --step 100 --samples 25
 *
 * Registering passed 20 ms at 750 and 774 accounts; on sessions the first write to pass it
 * (create, a status `$set`, a counter `$inc`) did at 644 and 593 sessions. Past them every such
 * write gets slower still (about 250 ms at 3,000 accounts, 360 to 470 ms at 3,000 sessions), while
 * reads by an indexed key stay under 5 ms: move to MongoDB (`scrubin db export` / `import`).
 */
export const EMBEDDED_LIMITS = {
  /** Accounts at which registering one passes 20 ms. */
  users: 750,
  /** Sessions at which creating one, or a `$set`/`$inc` on one, passes 20 ms. */
  sessions: 600,
} as const;

/** The sizes {@link EmbeddedUsage} compares counts with. */
export interface EmbeddedLimits {
  users: number;
  sessions: number;
}

/** A model that can count its documents (a mongoose model). */
export interface Countable {
  countDocuments(): PromiseLike<number>;
}

/** Options of {@link EmbeddedUsage}. */
export interface EmbeddedUsageOptions {
  /** Counts are reused for this long before the next report counts again. @default 60000 */
  refreshMs?: number;
  /** Share of a limit from which the report says `nearLimit`. @default 0.8 */
  warnShare?: number;
  /** @default EMBEDDED_LIMITS */
  limits?: EmbeddedLimits;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** How full the embedded database's growing collections are. */
export interface EmbeddedUsageReport {
  users: number;
  sessions: number;
  /** Whether a count passed `warnShare` of its limit. */
  nearLimit: boolean;
  /** One sentence per count that did, for a health check or a log line. */
  reasons: string[];
  /** When the counts were taken. */
  countedAt: Date;
}

/**
 * Counts accounts and sessions (at most once per `refreshMs`; callers in between share the
 * last count) and says when either nears the size at which the embedded database slows down.
 * @example
 * const usage = new EmbeddedUsage(models);
 * const { nearLimit, reasons } = await usage.report();
 */
export class EmbeddedUsage {
  readonly #options: Required<EmbeddedUsageOptions>;
  #last: { report: EmbeddedUsageReport; atMs: number } | undefined;
  #counting: Promise<EmbeddedUsageReport> | undefined;

  constructor(
    private readonly models: { User: Countable; Simulation: Countable },
    options: EmbeddedUsageOptions = {},
  ) {
    this.#options = {
      refreshMs: options.refreshMs ?? 60_000,
      warnShare: options.warnShare ?? 0.8,
      limits: options.limits ?? EMBEDDED_LIMITS,
      now: options.now ?? Date.now,
    };
  }

  /** The last report if it is recent enough, else a new count. */
  report(): Promise<EmbeddedUsageReport> {
    const { refreshMs, now } = this.#options;
    if (this.#last && now() - this.#last.atMs < refreshMs)
      return Promise.resolve(this.#last.report);
    this.#counting ??= this.#count().finally(() => {
      this.#counting = undefined;
    });
    return this.#counting;
  }

  async #count(): Promise<EmbeddedUsageReport> {
    const [users, sessions] = await Promise.all([
      this.models.User.countDocuments(),
      this.models.Simulation.countDocuments(),
    ]);
    const { limits, warnShare, now } = this.#options;
    const reasons: string[] = [];
    const check = (count: number, limit: number, what: string, slows: string) => {
      if (count < warnShare * limit) return;
      reasons.push(
        `${count.toLocaleString('en-US')} ${what}: ${Math.round((count / limit) * 100)} % of the ` +
          `${limit.toLocaleString('en-US')} at which the embedded database takes over 20 ms to ${slows}; ` +
          'move to MongoDB (scrubin db export, then scrubin db import)',
      );
    };
    check(users, limits.users, 'accounts', 'register one');
    check(sessions, limits.sessions, 'sessions', 'create or update one');
    const atMs = now();
    const report: EmbeddedUsageReport = {
      users,
      sessions,
      nearLimit: reasons.length > 0,
      reasons,
      countedAt: new Date(atMs),
    };
    this.#last = { report, atMs };
    return report;
  }
}
