import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
let dir: string;

// A storage with every method the contract asks for: a dry run needs only the run log and locks.
const STORAGE = `
const runs = new Map();
let n = 0;
const storage = {
  async loadDepartments() { return []; },
  async loadEmployees() { return []; },
  async applyPlan() { throw new Error('a dry run applies nothing'); },
  async createRun(input) {
    const now = new Date();
    const run = { id: 'run-' + ++n, tenantId: input.tenantId, kind: input.kind, status: input.status,
      dryRun: input.dryRun, trigger: input.trigger ?? { type: 'manual' }, createdAt: now,
      startedAt: input.status === 'running' ? now : null, finishedAt: null, summary: null,
      errorCount: 0, warningCount: 0, failure: null };
    runs.set(run.id, run);
    return { ...run };
  },
  async startRun(t, id) { const r = runs.get(id); r.status = 'running'; r.startedAt = new Date(); return { ...r }; },
  async finishRun({ runId, outcome }) {
    const r = runs.get(runId);
    Object.assign(r, { status: outcome.status, summary: outcome.summary, failure: outcome.failure,
      finishedAt: new Date(), errorCount: outcome.errors.filter((e) => e.severity === 'error').length,
      warningCount: outcome.errors.filter((e) => e.severity === 'warning').length });
    return { ...r };
  },
  async getRun(t, id) { return runs.get(id) ?? null; },
  async listRuns() { return { runs: [...runs.values()], nextCursor: null }; },
  async listOpenRuns() { return []; },
  async listRunErrors() { return []; },
  async saveConnection() {}, async getConnection() { return null; }, async deleteConnection() { return false; },
  async acquireSyncLock() { return { async release() {} }; },
};
const snapshot = JSON.parse(process.argv[2]);
const source = { snapshot: async () => snapshot };
`;

const REPORT = `
let otel = 'installed';
try { await import('@opentelemetry/api'); } catch { otel = 'absent'; }
const result = await runSync({ tenantId: 't', kind: 'departments', source, storage, dryRun: true,
  trigger: { type: 'webhook', deliveryId: 'evt_1' } });
console.log(JSON.stringify({ otel, status: result.status, trigger: result.trigger.type,
  created: result.summary?.created }));
`;

beforeAll(async () => {
  // The built package alone, in a folder with no node_modules above it: `@opentelemetry/api`
  // cannot be resolved from there, as in an app that never installed it.
  dir = await mkdtemp(join(tmpdir(), 'hrbrain-core-no-otel-'));
  const target = join(dir, 'node_modules', '@mikiwame', 'hrbrain-sync-core');
  await mkdir(target, { recursive: true });
  // Bundled here from source (as the build does), so this runs before any build (issue 15).
  for (const [format, file] of [
    ['esm', 'index.mjs'],
    ['cjs', 'index.cjs'],
  ] as const) {
    await build({
      entryPoints: [join(PACKAGE, 'src/index.ts')],
      outfile: join(target, 'dist', file),
      bundle: true,
      format,
      platform: 'node',
      target: 'node22',
      external: ['@opentelemetry/api'],
      logLevel: 'silent',
    });
  }
  await cp(join(PACKAGE, 'package.json'), join(target, 'package.json'));
  await writeFile(
    join(dir, 'esm.mjs'),
    `import { runSync } from '@mikiwame/hrbrain-sync-core';\n${STORAGE}\n${REPORT}`,
  );
  await writeFile(
    join(dir, 'cjs.cjs'),
    `const { runSync } = require('@mikiwame/hrbrain-sync-core');\n(async () => {\n${STORAGE}\n${REPORT}\n})();`,
  );
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('without @opentelemetry/api installed (T6: an optional peer)', () => {
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    it(`T6: runSync works and records its run (${file})`, async () => {
      const example = await readFile(join(PACKAGE, 'test/fixtures/example-snapshot.json'), 'utf8');
      const { stdout } = await run(process.execPath, [join(dir, file), example], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({
        otel: 'absent',
        status: 'completed_with_errors',
        trigger: 'webhook',
        created: 4,
      });
    });
  }
});
