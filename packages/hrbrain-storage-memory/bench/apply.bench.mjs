// Benchmark (not a test): applying employee plans to the memory storage, side by side with
// the floor of storing the same rows in a Map, in one run. Run with `pnpm bench`.
import { createMemoryStorage } from '../dist/index.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = 3;

function employeeCreate(index) {
  return {
    email: `member-${index}@example.com`,
    lastName: '山田',
    firstName: `太郎${index}`,
    lastNameKana: 'ヤマダ',
    firstNameKana: 'タロウ',
    employeeNumber: `E${index}`,
    birthDate: '1990-01-01',
    departmentCode: `D${index % 2_000}`,
    position: null,
    gender: index % 2 === 0 ? 'male' : 'female',
    employmentType: 'regular',
    retired: false,
    sourceId: `member-${index}`,
  };
}

function plan(creates, updates = []) {
  return {
    kind: 'employees',
    creates,
    updates,
    unchanged: [],
    skipped: [],
    notInSource: [],
    errors: [],
    summary: {
      source: creates.length + updates.length,
      created: creates.length,
      updated: updates.length,
      unchanged: 0,
      skipped: 0,
      warnings: 0,
      notInSource: 0,
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (fn) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const creates = Array.from({ length: ROWS }, (_, index) => employeeCreate(index));
let peakHeap = 0;
const sampleHeap = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

const floor = [];
const apply = [];
const onePercent = [];
let written = 0;
for (let round = 0; round < ROUNDS; round++) {
  // Floor: the least any in-memory store does — one new row object per create, keyed by id.
  floor.push(
    await time(() => {
      const rows = new Map();
      for (const { sourceId, ...fields } of creates) {
        const id = crypto.randomUUID();
        rows.set(id, { ...fields, id, sourceId });
      }
      sampleHeap();
    }),
  );

  const storage = createMemoryStorage();
  const tenantId = `bench-${round}`;
  apply.push(await time(() => storage.applyPlan({ tenantId, plan: plan(creates) })));
  sampleHeap();

  // A second plan with 1 % changed: only those rows may be written (E10).
  const before = new Map(storage.snapshot(tenantId).employees.map((e) => [e.id, e.revision]));
  const changed = storage
    .snapshot(tenantId)
    .employees.filter((_, index) => index % 100 === 0)
    .map((employee) => ({
      id: employee.id,
      sourceId: employee.sourceId,
      values: { ...employee, position: '主任' },
      changes: [{ field: 'position', from: employee.position, to: '主任' }],
    }));
  onePercent.push(await time(() => storage.applyPlan({ tenantId, plan: plan([], changed) })));
  sampleHeap();
  written = storage
    .snapshot(tenantId)
    .employees.filter((e) => e.revision !== before.get(e.id)).length;
}

const floorMs = median(floor);
const applyMs = median(apply);
console.log(`memory storage, ${ROWS.toLocaleString('en')} employee creates (median of ${ROUNDS}):`);
console.log(`  Map floor (one object per row)   ${floorMs.toFixed(1)} ms`);
console.log(`  applyEmployeePlan                ${applyMs.toFixed(1)} ms`);
console.log(`  ratio apply / floor              ${(applyMs / floorMs).toFixed(2)}×`);
console.log(
  `  1 % plan (${(ROWS / 100).toLocaleString('en')} updates)        ${median(onePercent).toFixed(1)} ms, rows written: ${written.toLocaleString('en')}`,
);
console.log(`  peak heap                        ${(peakHeap / 2 ** 20).toFixed(0)} MiB`);
