import { createHrbrainClient } from '@mikiwame/hrbrain-client';
import { startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';
import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
import { runSync, type SyncRun } from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { createFakeTenant, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from './fake-hrbrain.ts';
import { mapping } from './mapping.ts';
import { ConfigError, type SyncOptions } from './options.ts';

/**
 * The whole integration: the Postgres adapter on the application's own tables (src/mapping.ts)
 * and HRBrain. Departments first, then employees (E11); runs, locks and connections live in
 * the adapter's own schema "hrbrain", which `migrate()` creates.
 */
export async function sync(options: SyncOptions, say: (line: string) => void): Promise<SyncRun[]> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
  pool.on('error', () => {});
  const fake = options.hrbrain
    ? null
    : await startFakeHrbrainServer({ tenant: createFakeTenant() });
  try {
    const storage = createPostgresStorage({ client: pool, schema: 'hrbrain', mapping });
    // At start: every column, type and unique index the mapping needs, with the DDL that fixes it.
    const check = await storage.check();
    if (!check.ok) {
      throw new ConfigError(
        `The tables do not fit src/mapping.ts: ${check.problems.map((p) => `${p.problem} (fix: ${p.fix})`).join('; ')}`,
      );
    }
    await storage.migrate();
    const hrbrain = options.hrbrain ?? {
      url: fake!.url,
      clientId: FAKE_CLIENT_ID,
      clientSecret: FAKE_CLIENT_SECRET,
    };
    say(
      fake
        ? `HRBrain: a seeded fake at ${hrbrain.url}`
        : `HRBrain: ${hrbrain.url}, client ID "${hrbrain.clientId}"`,
    );
    const source = createHrbrainClient({
      clientId: hrbrain.clientId,
      clientSecret: hrbrain.clientSecret,
      baseUrl: hrbrain.url,
    });
    const runs: SyncRun[] = [];
    for (const kind of ['departments', 'employees'] as const) {
      const run = await runSync({ tenantId: options.companyId, kind, source, storage });
      runs.push(run);
      const s = run.summary;
      say(
        `${kind.padEnd(12)} ${run.status.padEnd(22)} ` +
          (s
            ? `source ${s.source}, created ${s.created}, updated ${s.updated}, linked ${s.linked ?? 0}, unchanged ${s.unchanged}, skipped ${s.skipped}, warnings ${s.warnings}`
            : ''),
      );
      if (run.status === 'failed') {
        throw new ConfigError(
          `The ${kind} sync failed, nothing was applied (${run.failure?.code ?? 'unknown'}): ${run.failure?.message ?? 'no reason recorded'}`,
        );
      }
    }
    return runs;
  } finally {
    await fake?.close();
    await pool.end();
  }
}
