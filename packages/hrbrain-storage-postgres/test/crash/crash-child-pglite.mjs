// A process that runs one large employee sync against a file-backed PGlite and is SIGKILLed by
// the crash test (test/crash-pglite.integration.test.ts); one line per phase on stdout.
import { PGlite } from '@electric-sql/pglite';
import { runSync } from '@mikiwame/hrbrain-sync-core';
import { createPostgresStorage } from '../../dist/index.mjs';
import { largeTenantSnapshot } from './large-tenant.mjs';

const { DATA_DIR, TENANT } = process.env;
const db = await PGlite.create(DATA_DIR);
const storage = createPostgresStorage({ client: db });
await storage.migrate();
const snapshot = largeTenantSnapshot();
process.stdout.write('ready\n');
const result = await runSync({
  tenantId: TENANT,
  kind: 'employees',
  storage,
  source: { snapshot: async () => snapshot },
  onProgress: (event) => process.stdout.write(`${event.phase}\n`),
});
process.stdout.write(`finished ${result.status}\n`);
await db.close();
