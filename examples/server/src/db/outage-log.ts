import type { Logger } from '../log/logger.ts';

/** Reports of errors from pg-boss and the pool, turned into one log line per state change. */
export interface OutageLog {
  /** An error event from `source` (`pg-boss`, `postgres pool`). */
  report(error: unknown, source: string): void;
  /** Stops probing; later reports are logged at debug level (expected while closing). */
  close(): void;
}

const FIRST_PROBE_MS = 1000;
const MAX_PROBE_MS = 30_000;
/** A probe that has not answered by then counts as failed (a black-holed host never answers). */
const PROBE_TIMEOUT_MS = 5000;
/** Errors kept while a probe decides whether they are an outage; the rest are only counted. */
const MAX_HELD = 10;
/**
 * After a lost connection, a second probe this much later confirms the database is up: while
 * PostgreSQL shuts down, the first errors (`57P01 terminating connection due to administrator
 * command`) can arrive before the probe's own connection is cut, so one answered probe proves
 * nothing yet.
 */
const CONFIRM_MS = 1000;

const CONNECTION_LOSS_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** True for errors that say the connection to PostgreSQL was lost or refused (not a bad query). */
export function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_LOSS_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  return (
    typeof message === 'string' && /connection terminated|connection (is )?closed/i.test(message)
  );
}

/**
 * While PostgreSQL is down, pg-boss emits an error about every half second (each of its
 * loops fails on its own), and so would the log. Instead: the first error makes one probe
 * (`probe()`, e.g. `select 1`); if the probe fails the database is *unreachable* — one error
 * line, then silence while probes back off (1 s, 2 s, 4 s … up to 30 s) — and the first probe
 * that succeeds logs one *reachable again* line with how long it took and how many errors
 * were held back. An error while the probe succeeds is an ordinary error and logged as such;
 * after a lost connection (see {@link isConnectionLoss}) the probe must succeed twice, a second
 * apart, since a shutting-down server can still answer the first.
 */
export function createOutageLog(options: {
  logger: Logger;
  probe: () => Promise<unknown>;
}): OutageLog {
  const { logger, probe } = options;
  let state: 'up' | 'checking' | 'down' = 'up';
  let closed = false;
  let held: { error: unknown; source: string }[] = [];
  let extraHeld = 0;
  let downSince = 0;
  let suppressed = 0;
  let timer: NodeJS.Timeout | null = null;

  const logError = (error: unknown, source: string) => logger.error(`${source} error`, { error });

  const check = async (): Promise<boolean> => {
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timeout = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
          timeout.unref();
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timeout);
    }
  };

  const scheduleProbe = (delay: number) => {
    timer = setTimeout(async () => {
      timer = null;
      if (closed) return;
      if (await check()) {
        if (closed) return;
        state = 'up';
        logger.info('database reachable again', {
          downForMs: Date.now() - downSince,
          errorsHeldBack: suppressed,
        });
      } else if (!closed) {
        scheduleProbe(Math.min(delay * 2, MAX_PROBE_MS));
      }
    }, delay);
    timer.unref();
  };

  return {
    report(error, source) {
      if (closed) {
        logger.debug(`${source} error while closing`, { error });
        return;
      }
      if (state === 'down') {
        suppressed++;
        return;
      }
      if (held.length < MAX_HELD) held.push({ error, source });
      else extraHeld++;
      if (state === 'checking') return;
      state = 'checking';
      const confirmed = async (): Promise<boolean> => {
        if (!(await check())) return false;
        if (!held.some((report) => isConnectionLoss(report.error))) return true;
        await new Promise((resolve) => setTimeout(resolve, CONFIRM_MS).unref());
        return !closed && (await check());
      };
      void confirmed().then((reachable) => {
        const reports = held;
        const extra = extraHeld;
        held = [];
        extraHeld = 0;
        if (closed) return;
        if (reachable) {
          state = 'up';
          for (const report of reports) logError(report.error, report.source);
          if (extra > 0) logger.error('more errors of the same burst', { count: extra });
          return;
        }
        state = 'down';
        downSince = Date.now();
        suppressed = reports.length - 1 + extra;
        logger.error('database unreachable', {
          error: reports[0]?.error,
          source: reports[0]?.source,
          retrying: 'pg-boss reconnects on its own; this log says when the database is back',
        });
        scheduleProbe(FIRST_PROBE_MS);
      });
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
