import type { FinishRunInput, SyncRun } from '@mikiwame/hrbrain-sync-core';
import type { PGliteTransactionLike, PgClientLike } from './client';
import { guarded } from './errors';
import { writeOutcome } from './runs';
import { DEFAULT_SCHEMA, quoteSchema, tablesOf } from './schema-name';
import type { SqlSession } from './session';

/** Options of {@link recordRunOutcome}. */
export interface RecordRunOutcomeOptions {
  /** The schema of the adapter's tables; default `"hrbrain"`. */
  schema?: string;
}

/**
 * Record a run's outcome (status, summary, failure, every error row, `finished_at`) on the
 * Postgres run log INSIDE YOUR OWN TRANSACTION — for an application that keeps its own
 * records store in the same database and uses this package's run log: call it in your
 * `applyPlan`, after your data writes and before your `COMMIT`, and return the run it gives
 * as `ApplyResult.run`. The plan and the outcome then commit together, exactly as with
 * `createPostgresStorage`'s own records store (see `RecordsStore` in the core).
 *
 * `tx` is the connection your transaction runs on (a checked-out `pg.PoolClient`, a
 * `pg.Client`, or a PGlite transaction); this function issues no BEGIN/COMMIT. It locks the
 * run row and throws `RunNotFoundError` / `RunAlreadyFinishedError` (roll back then) when the
 * run is not open.
 *
 * @example
 * <!-- docs:prelude import type pg from 'pg'; import type { SyncPlan } from '@mikiwame/hrbrain-sync-core';
 *   declare const pool: pg.Pool;
 *   declare function writeMyRecords(client: pg.PoolClient, plan: SyncPlan):
 *     Promise<{ created: number; updated: number; linked: number }>; -->
 * ```ts
 * import { recordRunOutcome } from '@mikiwame/hrbrain-storage-postgres';
 * import type { ApplyPlanInput, ApplyResult } from '@mikiwame/hrbrain-sync-core';
 *
 * // Your RecordsStore's applyPlan: your writes and the run's outcome in one transaction.
 * async function applyPlan(input: ApplyPlanInput): Promise<ApplyResult> {
 *   const client = await pool.connect();
 *   try {
 *     await client.query('begin');
 *     const written = await writeMyRecords(client, input.plan);
 *     const run = input.run
 *       ? await recordRunOutcome(client, {
 *           tenantId: input.tenantId,
 *           runId: input.run.id,
 *           outcome: input.run.outcome,
 *         })
 *       : null;
 *     await client.query('commit');
 *     return { ...written, run };
 *   } catch (error) {
 *     await client.query('rollback');
 *     throw error;
 *   } finally {
 *     client.release();
 *   }
 * }
 * ```
 */
export async function recordRunOutcome(
  tx: PgClientLike | PGliteTransactionLike,
  input: FinishRunInput,
  options: RecordRunOutcomeOptions = {},
): Promise<SyncRun> {
  const t = tablesOf(quoteSchema(options.schema ?? DEFAULT_SCHEMA));
  const session: SqlSession = {
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await tx.query(text, params ? [...params] : undefined);
      return {
        rows: result.rows as R[],
        rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
      };
    },
    async exec(text: string) {
      await tx.query(text);
    },
  };
  return guarded('recordRunOutcome', t.schema, () =>
    writeOutcome(session, t, input.tenantId, input.runId, input.outcome),
  );
}
