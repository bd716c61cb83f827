#!/usr/bin/env node
// Benchmark (not a test): a whole sync end to end — the fake HRBrain on loopback (its own
// process), the real client, the sync core and the Postgres adapter on embedded
// PostgreSQL — side by side, in this one process and one run, with its floors:
//
//   fetch floor  a bare `fetch` + `JSON.parse` loop over the same URLs the sync read (same
//                page size, same `columns=`, same concurrency, deduplicated: what one read of
//                HRBrain costs at the least), from the same fake server;
//   COPY floor   `COPY … FROM STDIN` of the same employee rows (exported from the synced
//                table) into a table of the same shape.
//
// For each size: a first full sync (departments then employees, E11) into an empty schema,
// a no-change sync, and a sync after 1 % of the members changed in HRBrain, with the rows
// Postgres wrote (pg_stat_user_tables) against the rows that changed. Peak heap (sampled
// every 5 ms, V8 used heap) and peak RSS (every 50 ms) of this process for each. Medians
// over the rounds.
//
//   pnpm --filter @mikiwame/hrbrain-bench bench                 (10k and 100k, 3 rounds)
//   pnpm --filter @mikiwame/hrbrain-bench bench -- --1m         (adds 1M members, 1 round)
//   BENCH_SIZES=100000 BENCH_ROUNDS=5 pnpm --filter @mikiwame/hrbrain-bench bench
//   BENCH_CPU_PROFILE=/tmp/prof …   also writes a CPU profile of the first round's first full
//                                   sync and of its no-change sync (<size>-first.cpuprofile …)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { createHrbrainClient } from '@mikiwame/hrbrain-client';
import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
import * as core from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { startEmbeddedPostgres } from '../scripts/test-support/embedded-postgres.mjs';
import { tableWrites, waitForSessionsToEnd } from '../scripts/test-support/pg-stats.mjs';

const argv = process.argv.slice(2);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
if (argv.includes('--1m') && !SIZES.includes(1_000_000)) SIZES.push(1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 2_000);
const CONCURRENCY = 4; // the client's default
const CHANGED_SHARE = 0.01;
const TARGETS = {
  full: 2.0,
  noChange: 1.3,
  written: 1.0,
  heap100k: 250 * 1024 * 1024,
  perMember: 1.5,
};

const gc = globalThis.gc ?? (() => {});
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/** `work()` under the V8 CPU profiler when BENCH_CPU_PROFILE is set (this thread only). */
async function profiled(name, work) {
  if (!PROFILE_DIR) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(0)} ms`;

// ---- memory sampling ------------------------------------------------------------------
let peakHeap = 0;
let peakRss = 0;
let ticks = 0;
const sample = () => {
  const heap = getHeapStatistics().used_heap_size;
  if (heap > peakHeap) peakHeap = heap;
  // RSS costs a system call: every 50 ms is enough (it moves slower than the heap).
  if (ticks++ % 10 !== 0) return;
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
};
const sampler = setInterval(sample, 5);
sampler.unref();

/** Wall time, peak heap and peak RSS of one measured step (after a full GC). */
async function measure(work) {
  gc();
  peakHeap = 0;
  peakRss = 0;
  ticks = 0;
  sample();
  const start = performance.now();
  const result = await work();
  const wall = performance.now() - start;
  sample();
  return { wall, heap: peakHeap, rss: peakRss, result };
}

// ---- the fake HRBrain, in a child process ----------------------------------------------
async function startFake(members) {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=12000',
      fileURLToPath(new URL('./serve-fake.mjs', import.meta.url)),
      String(members),
      String(DEPARTMENTS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the fake HRBrain exited');
    return value.trim();
  };
  const url = await next();
  return {
    url,
    async change(share) {
      child.stdin.write(`change ${share}\n`);
      return Number(await next());
    },
    async close() {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

// ---- the fetch floor -------------------------------------------------------------------
/** A `fetch` for the client that notes every GET URL (to replay the same reads bare). */
function recordingFetch(urls) {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method =
      init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
    if (method === 'GET') urls.push(url);
    return fetch(input, init);
  };
}

/**
 * The floor: token, then each distinct URL the sync read, `CONCURRENCY` in flight, consumed
 * in order, bodies parsed with `JSON.parse` — no validation, retries or mapping.
 */
async function fetchFloor(baseUrl, urls) {
  const unique = [...new Set(urls)];
  const tokenResponse = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'bench', clientSecret: 'bench-secret' }),
  });
  const { token } = JSON.parse(await tokenResponse.text());
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const read = (url) => {
    const body = fetch(url, { headers }).then(async (response) =>
      JSON.parse(await response.text()),
    );
    body.catch(() => {}); // awaited in order below; a failure is thrown there, not unhandled
    return body;
  };
  const inFlight = [];
  let next = 0;
  let items = 0;
  while (inFlight.length < CONCURRENCY && next < unique.length) inFlight.push(read(unique[next++]));
  while (inFlight.length > 0) {
    const body = await inFlight.shift();
    if (next < unique.length) inFlight.push(read(unique[next++]));
    items += Array.isArray(body?.data) ? body.data.length : 1;
  }
  return { requests: unique.length, items };
}

// ---- Postgres --------------------------------------------------------------------------
/** Rows inserted + updated + deleted in the record tables, as the server counted them. */
async function recordWrites(admin, schema) {
  return (await tableWrites(admin, schema, ['employees', 'departments'])).total;
}

/** The employee rows of a schema as COPY text, then `COPY FROM` them into a same-shaped table. */
async function copyFloor(admin, schema) {
  await admin.query(`create table ${schema}.copy_floor (like ${schema}.employees including all)`);
  const exporter = await admin.connect();
  const chunks = [];
  try {
    const out = exporter.query(copyStreams.to(`copy ${schema}.employees to stdout`));
    for await (const chunk of out) chunks.push(chunk);
  } finally {
    exporter.release();
  }
  await admin.query('checkpoint');
  return measure(async () => {
    const client = await admin.connect();
    try {
      await pipeline(
        Readable.from(chunks),
        client.query(copyStreams.from(`copy ${schema}.copy_floor from stdin`)),
      );
    } finally {
      client.release();
    }
    return chunks.length;
  });
}

// ---- the sync --------------------------------------------------------------------------
const fullSyncCall = core.runFullSync ? 'runFullSync' : 'runSync departments + runSync employees';

/** One full sync (departments then employees) with a new client and a new storage pool. */
async function fullSync({ url, dbUrl, schema, urls }) {
  const client = createHrbrainClient({
    clientId: 'bench',
    clientSecret: 'bench-secret',
    baseUrl: url,
    concurrency: CONCURRENCY,
    fetch: recordingFetch(urls),
  });
  const applicationName = `bench-${schema}`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: 4, application_name: applicationName });
  pool.on('error', () => {});
  const storage = createPostgresStorage({ client: pool, schema });
  try {
    const tenantId = 'tenant-a';
    if (core.runFullSync) {
      const result = await core.runFullSync({ tenantId, source: client, storage });
      return { departments: result.departments, employees: result.employees, applicationName };
    }
    const departments = await core.runSync({
      tenantId,
      kind: 'departments',
      source: client,
      storage,
    });
    const employees = await core.runSync({ tenantId, kind: 'employees', source: client, storage });
    return { departments, employees, applicationName };
  } finally {
    await pool.end();
  }
}

function checkRun(label, result, expect) {
  for (const kind of ['departments', 'employees']) {
    const run = result[kind];
    if (run.status === 'failed') {
      throw new Error(
        `${label}: the ${kind} run failed: ${run.failure?.code} ${run.failure?.message}`,
      );
    }
  }
  const summary = result.employees.summary;
  if (expect?.created !== undefined && summary.created !== expect.created) {
    throw new Error(`${label}: ${summary.created} employees created, expected ${expect.created}`);
  }
  if (expect?.updated !== undefined && summary.updated !== expect.updated) {
    throw new Error(`${label}: ${summary.updated} employees updated, expected ${expect.updated}`);
  }
}

// ---- main ------------------------------------------------------------------------------
// In a child process (its exit hook cannot end this one), UTF-8 with the C locale.
const postgres = await startEmbeddedPostgres({
  databaseDir: await mkdtemp(join(tmpdir(), 'hrbrain-e2e-bench-')),
  password: 'bench',
  resolveFrom: fileURLToPath(new URL('.', import.meta.url)),
});
const dbUrl = postgres.url();
const admin = new pg.Pool({ connectionString: dbUrl, max: 2 });
admin.on('error', () => {});
const { rows: version } = await admin.query('show server_version');
console.log(
  `\nend-to-end sync benchmark — fake HRBrain (child process, loopback) → client → sync core (${fullSyncCall}) → PostgreSQL ${version[0].server_version} (embedded); Node ${process.version}; ${DEPARTMENTS.toLocaleString('en')} departments; concurrency ${CONCURRENCY}; ${ROUNDS} rounds per size (medians)`,
);

const perMemberFull = new Map();
let failed = false;
let schemaCount = 0;
try {
  for (const members of SIZES) {
    const rounds = members >= 1_000_000 ? 1 : ROUNDS;
    const fake = await startFake(members);
    const rows = [];
    try {
      // Warm-up, at every size: JIT on every path, the fake's page caches (it serialises a
      // `columns=` page on first use) and the URLs the sync reads, so that each size is
      // measured the same way and the cost per member compares like with like. (Without it
      // the 1M first sync paid for the fake's serialisation, on this machine's other core.)
      const floorUrls = [];
      const warmSchema = `warm_${++schemaCount}`;
      await createPostgresStorage({ client: admin, schema: warmSchema }).migrate();
      checkRun(
        'warm-up',
        await fullSync({ url: fake.url, dbUrl, schema: warmSchema, urls: floorUrls }),
      );
      await admin.query(`drop schema ${warmSchema} cascade`);
      await fetchFloor(fake.url, floorUrls);

      for (let round = 0; round < rounds; round++) {
        const schema = `r_${++schemaCount}`;
        await createPostgresStorage({ client: admin, schema }).migrate();
        await admin.query('checkpoint');
        const floor = await measure(() => fetchFloor(fake.url, floorUrls));

        const urls = [];
        const first = await measure(() =>
          profiled(round === 0 ? `${members}-first` : 'none', () =>
            fullSync({ url: fake.url, dbUrl, schema, urls }),
          ),
        );
        checkRun('first sync', first.result);
        const created = first.result.employees.summary.created;
        first.result = null; // its plan (every create) must not count in the next heap figures
        const copy = await copyFloor(admin, schema);
        // Each figure as soon as it is known, so that a run that dies later keeps them.
        const progress = (label, step) =>
          console.log(
            `    (${members.toLocaleString('en')} round ${round + 1}: ${label} ${ms(step.wall)}, heap ${mb(step.heap)}, RSS ${mb(step.rss)})`,
          );
        progress('fetch floor', floor);
        progress('first full sync', first);
        progress('COPY floor', copy);

        const noChange = await measure(() =>
          profiled(round === 0 ? `${members}-no-change` : 'none', () =>
            fullSync({ url: fake.url, dbUrl, schema, urls: [] }),
          ),
        );
        checkRun('no-change sync', noChange.result, { created: 0, updated: 0 });
        const noChangeApplication = noChange.result.applicationName;
        noChange.result = null;
        progress('no-change sync', noChange);

        const changed = await fake.change(CHANGED_SHARE);
        // The fake serialises changed pages again on first use: read them once, untimed.
        await fetchFloor(fake.url, floorUrls);
        await waitForSessionsToEnd(admin, noChangeApplication);
        const before = await recordWrites(admin, schema);
        const oneChange = await measure(() => fullSync({ url: fake.url, dbUrl, schema, urls: [] }));
        checkRun('1 % change sync', oneChange.result, { created: 0, updated: changed });
        await waitForSessionsToEnd(admin, oneChange.result.applicationName);
        const written = (await recordWrites(admin, schema)) - before;

        // Figures only: a round's results (its plans) must not stay alive into the next
        // round's heap measurements.
        const figures = ({ wall, heap, rss }) => ({ wall, heap, rss });
        rows.push({
          floor: figures(floor),
          first: figures(first),
          copy: figures(copy),
          noChange: figures(noChange),
          oneChange: figures(oneChange),
          changed,
          written,
          created,
        });
        console.log(
          `  ${members.toLocaleString('en')} round ${round + 1}: fetch ${ms(floor.wall)}, COPY ${ms(copy.wall)}, first ${ms(first.wall)}, no-change ${ms(noChange.wall)}, 1 % ${ms(oneChange.wall)}; ${urls.length} GETs by the first sync, ${new Set(urls).size} distinct`,
        );
        await admin.query(`drop schema ${schema} cascade`);
      }
    } finally {
      await fake.close();
    }

    const m = (pick) => median(rows.map(pick));
    const floorMs = m((r) => r.floor.wall);
    const copyMs = m((r) => r.copy.wall);
    const firstMs = m((r) => r.first.wall);
    const noChangeMs = m((r) => r.noChange.wall);
    const oneMs = m((r) => r.oneChange.wall);
    const fullRatio = m((r) => r.first.wall / (r.floor.wall + r.copy.wall));
    const noChangeRatio = m((r) => r.noChange.wall / r.floor.wall);
    const writtenRatio = m((r) => r.written / r.changed);
    const firstHeap = m((r) => r.first.heap);
    perMemberFull.set(members, firstMs / members);
    const verdict = (ok) => (ok ? 'met' : 'MISSED');
    const line = (label, value, note = '') =>
      console.log(`    ${label.padEnd(44)}${value.padStart(12)}${note ? `   ${note}` : ''}`);
    console.log(`\n  ${members.toLocaleString('en')} members (medians of ${rows.length})`);
    line(
      'fetch floor (fetch + JSON.parse)',
      ms(floorMs),
      `heap ${mb(m((r) => r.floor.heap))}, RSS ${mb(m((r) => r.floor.rss))}`,
    );
    line('COPY floor (same employee rows)', ms(copyMs));
    line('first full sync', ms(firstMs), `heap ${mb(firstHeap)}, RSS ${mb(m((r) => r.first.rss))}`);
    line(
      '  / (fetch floor + COPY floor)',
      `${fullRatio.toFixed(2)}×`,
      `target ≤ ${TARGETS.full}×: ${verdict(fullRatio <= TARGETS.full)}`,
    );
    line(
      'no-change sync',
      ms(noChangeMs),
      `heap ${mb(m((r) => r.noChange.heap))}, RSS ${mb(m((r) => r.noChange.rss))}`,
    );
    line(
      '  / fetch floor',
      `${noChangeRatio.toFixed(2)}×`,
      `target ≤ ${TARGETS.noChange}×: ${verdict(noChangeRatio <= TARGETS.noChange)}`,
    );
    line(
      '1 % change sync',
      ms(oneMs),
      `heap ${mb(m((r) => r.oneChange.heap))}, RSS ${mb(m((r) => r.oneChange.rss))}`,
    );
    line(
      '  rows written / rows changed',
      `${writtenRatio.toFixed(2)}`,
      `${rows.map((r) => `${r.written}/${r.changed}`).join(', ')} (pg_stat_user_tables); target = ${TARGETS.written}: ${verdict(writtenRatio === TARGETS.written)}`,
    );
    if (members === 100_000) {
      line(
        '  peak heap, first full sync',
        mb(firstHeap),
        `target ≤ ${mb(TARGETS.heap100k)}: ${verdict(firstHeap <= TARGETS.heap100k)}`,
      );
    }
    line('cost per member, first full sync', `${((firstMs / members) * 1000).toFixed(1)} µs`);
    if (members >= 1_000_000 && perMemberFull.has(100_000)) {
      const ratio = firstMs / members / perMemberFull.get(100_000);
      line(
        '  / cost per member at 100k',
        `${ratio.toFixed(2)}×`,
        `target ≤ ${TARGETS.perMember}×: ${verdict(ratio <= TARGETS.perMember)}`,
      );
    }
    console.log('');
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await admin.end().catch(() => {});
  await postgres.stop(); // removes its data directory
}
if (failed) process.exitCode = 1;
