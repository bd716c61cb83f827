// A process that runs one large employee sync against a real Postgres and is SIGKILLed by the
// crash test (test/crash.integration.test.ts). It reports its progress on stdout, one line per
// phase, so the test can kill it at a chosen instant.
import { runSync } from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { createPostgresStorage } from '../../dist/index.mjs';
import { largeDepartmentSnapshot, largeTenantSnapshot } from './large-tenant.mjs';

const { DATABASE_URL, SCHEMA, TENANT, KIND = 'employees' } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
const storage = createPostgresStorage({ client: pool, schema: SCHEMA });
const snapshot = KIND === 'departments' ? largeDepartmentSnapshot() : largeTenantSnapshot();
const result = await runSync({
  tenantId: TENANT,
  kind: KIND,
  storage,
  source: { snapshot: async () => snapshot },
  onProgress: (event) => process.stdout.write(`${event.phase}\n`),
});
process.stdout.write(`finished ${result.status}\n`);
await pool.end();
