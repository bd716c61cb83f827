import type { PgBoss } from 'pg-boss';
import { ApiError } from '../http/api-error.ts';
import { RECONCILE_SCHEDULE_QUEUE, type ScheduleJobData } from './reconcile-queue.ts';

/** What the API shows about a tenant's schedule. */
export interface ScheduleStatus {
  enabled: boolean;
  cron: string | null;
  timezone: string | null;
  /** The next few slots (ISO), from pg-boss's own reading of the expression. */
  next: string[];
}

const invalidSchedule = (message: string) =>
  new ApiError(400, 'INVALID_SCHEDULE', message, 'スケジュールの指定が正しくありません。');

/**
 * Per-tenant opt-in schedules, kept in pg-boss's schedule table (key = tenant id). pg-boss's
 * scheduler sends one job per slot however many processes run it (one instance wins each
 * pass, and each slot's job carries a singleton key for that slot); the job then asks for a
 * reconcile like a webhook delivery does, so a slot that meets a queued reconcile joins it.
 */
export function createScheduleService(options: {
  boss: PgBoss;
  /** Refuse expressions whose slots come closer together than this (protects HRBrain). */
  minIntervalMinutes: number;
}) {
  const { boss } = options;
  return {
    async status(tenantId: string): Promise<ScheduleStatus> {
      const schedule = await boss.getSchedule(RECONCILE_SCHEDULE_QUEUE, tenantId);
      if (schedule === null) return { enabled: false, cron: null, timezone: null, next: [] };
      return {
        enabled: true,
        cron: schedule.cron,
        timezone: schedule.timezone,
        next: boss
          .previewSchedule(schedule.cron, { tz: schedule.timezone, count: 3 })
          .map((d) => d.toISOString()),
      };
    },

    async set(
      tenantId: string,
      input: { cron: string; timezone: string },
    ): Promise<ScheduleStatus> {
      const cron = input.cron.trim().replace(/\s+/g, ' ');
      // Five fields only: pg-boss files one job per minute at most, so seconds mean nothing here.
      if (cron.split(' ').length !== 5) {
        throw invalidSchedule(
          'cron must have five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *" (02:00 daily).',
        );
      }
      try {
        new Intl.DateTimeFormat('en', { timeZone: input.timezone });
      } catch {
        throw invalidSchedule(
          `Unknown time zone "${input.timezone.slice(0, 60)}" (e.g. Asia/Tokyo).`,
        );
      }
      let next: Date[];
      try {
        next = boss.previewSchedule(cron, { tz: input.timezone, count: 2 });
      } catch {
        throw invalidSchedule(`"${cron.slice(0, 60)}" is not a cron expression, e.g. "0 2 * * *".`);
      }
      const [first, second] = next;
      if (
        first !== undefined &&
        second !== undefined &&
        second.getTime() - first.getTime() < options.minIntervalMinutes * 60_000
      ) {
        throw invalidSchedule(
          `Slots must be at least ${options.minIntervalMinutes} minutes apart (a full sync reads all of HRBrain).`,
        );
      }
      const data: ScheduleJobData = { tenantId, cron, timezone: input.timezone };
      await boss.schedule(RECONCILE_SCHEDULE_QUEUE, cron, data, {
        tz: input.timezone,
        key: tenantId,
        retryLimit: 0,
      });
      return await this.status(tenantId);
    },

    /** Back to the default (manual only); true if a schedule was set. */
    async clear(tenantId: string): Promise<boolean> {
      const had = (await boss.getSchedule(RECONCILE_SCHEDULE_QUEUE, tenantId)) !== null;
      await boss.unschedule(RECONCILE_SCHEDULE_QUEUE, tenantId);
      return had;
    },
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
