// Benchmark (not a test): planning a large tenant vs JSON.parse of the same snapshot, as the
// API serves it: the field definitions, each organization, and the members in pages of 100.
//
//   pnpm --filter @mikiwame/hrbrain-sync-core bench   (runs against the built dist/)
//
// 100,000 members and 2,000 departments, against a target that already holds them with 1 %
// changed. Each round parses the snapshot's JSON texts (one per response: fields, each
// organization, 1,000 members pages — not one 86 MB string, which parses 2× slower than the
// pages the API really serves) and plans it (planDepartmentSync + planEmployeeSync),
// alternating; medians are reported. Target: planning ≤ 1.0× the per-page parse. Data is
// generated here with a fixed seed.
import { planDepartmentSync, planEmployeeSync } from '../dist/index.mjs';
// The field catalogue the tests use too (plain data; Node strips the file's types).
import { FIELD_CATALOGUE } from '../test/support/field-catalogue.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CHANGED = 0.01;
const PAGE_SIZE = 100;
const LIST_UNCHANGED = process.env.LIST_UNCHANGED === '1';

// mulberry32: the same tenant every run.
let seed = 0x5eed;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (values) => values[Math.floor(random() * values.length)];

const LAST = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村', '小林', '加藤'];
const LAST_KANA = [
  'ヤマダ',
  'サトウ',
  'スズキ',
  'タカハシ',
  'タナカ',
  'イトウ',
  'ワタナベ',
  'ナカムラ',
  'コバヤシ',
  'カトウ',
];
const FIRST = ['花子', '太郎', '一郎', '次郎', '五月', '六花', '健', '美咲', '翔', '陽菜'];
const FIRST_KANA = [
  'ハナコ',
  'タロウ',
  'イチロウ',
  'ジロウ',
  'サツキ',
  'リッカ',
  'ケン',
  'ミサキ',
  'ショウ',
  'ヒナ',
];
const EMPLOYMENT = [
  '正社員',
  '契約社員',
  '派遣',
  'パートタイム',
  'アルバイト',
  '業務委託',
  'インターン',
];
const STATUS = ['在籍', '在籍', '在籍', '休職', '退職済み'];
const POSITIONS = ['部長', '課長', '係長', '主任', '一般'];

const F = Object.fromEntries(FIELD_CATALOGUE.map((spec) => [spec.name, spec]));

/** A member value as the API lists it: `{ id, alias?, type, value }`. */
function value(spec, text, type = spec.organizationId ? 'organizationPulldown' : 'text') {
  return spec.alias
    ? { id: spec.id, alias: spec.alias, type, value: text }
    : { id: spec.id, type, value: text };
}

function list(prefix, names) {
  return {
    type: 'list',
    items: names.map((value, i) => ({
      id: `${prefix}-${i}`,
      value,
      code: `${prefix.toUpperCase()}${i}`,
    })),
  };
}

function buildSnapshot() {
  // A department tree up to 6 levels deep.
  const roots = [];
  const all = [];
  for (let i = 0; i < DEPARTMENTS; i++) {
    const item = { id: `org-${i}`, value: `部署${i}`, code: String(10000 + i) };
    const parent = i < 10 ? undefined : all[Math.floor(random() * Math.min(i, all.length))];
    if (parent && parent.depth < 6) {
      if (parent.item.items) parent.item.items.push(item);
      else parent.item.items = [item];
      all.push({ item, depth: parent.depth + 1 });
    } else {
      roots.push(item);
      all.push({ item, depth: 1 });
    }
  }
  // This tenant defines a business family name only (no business 名 / kana fields).
  const defined = FIELD_CATALOGUE.filter(
    (f) => !['bizFirstName', 'bizLastNameKana', 'bizFirstNameKana'].includes(f.name),
  );
  const fields = [
    ...defined.map(({ id, label, alias, organizationId }) => {
      const type = organizationId ? 'organizationPulldown' : 'text';
      return organizationId
        ? { id, label, alias, type, organizationId }
        : { id, label, alias, type };
    }),
    // a field the sync does not read
    { id: 'fld-entered', label: '入社日', alias: 'EnteredDay', type: 'date' },
  ];
  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    const l = Math.floor(random() * LAST.length);
    const f = Math.floor(random() * FIRST.length);
    const year = 1960 + Math.floor(random() * 45);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const memberFields = [
      value(F.lastName, LAST[l]),
      value(F.firstName, FIRST[f]),
      value(F.lastNameKana, LAST_KANA[l]),
      value(F.firstNameKana, FIRST_KANA[f]),
      value(F.number, `E${String(i).padStart(6, '0')}`),
      value(F.birthDate, `${year}/${month}/${day}`, 'date'),
      value(F.team, `org-${Math.floor(random() * DEPARTMENTS)}`),
      value(F.position, `pos-${Math.floor(random() * POSITIONS.length)}`),
      value(F.gender, random() < 0.5 ? '男性' : '女性'),
      value(F.employment, `emp-${Math.floor(random() * EMPLOYMENT.length)}`),
      value(F.email, `user${i}@example.co.jp`),
      value(F.status, `st-${Math.floor(random() * STATUS.length)}`),
      { id: 'fld-entered', alias: 'EnteredDay', type: 'date', value: '2020/04/01' },
    ];
    if (random() < 0.05) memberFields.push(value(F.bizLastName, pick(LAST)));
    members.push({ id: `mem-${i}`, fields: memberFields });
  }
  return {
    fields,
    members,
    organizations: {
      'org-dept': { type: 'tree', items: roots },
      'org-pos': list('pos', POSITIONS),
      'org-emp': list('emp', EMPLOYMENT),
      'org-status': list('st', STATUS),
    },
  };
}

/** The target: what a first sync wrote, with 1 % of the rows changed since. */
function buildTarget(snapshot) {
  const departmentPlan = planDepartmentSync({ snapshot, existing: [] });
  const departments = departmentPlan.creates.map(({ sourceId, ...d }, i) => ({
    id: `d${i}`,
    sourceId,
    ...d,
  }));
  const employeePlan = planEmployeeSync({ snapshot, existing: [], departments });
  const employees = employeePlan.creates.map(({ sourceId, ...e }, i) => ({
    id: `e${i}`,
    sourceId,
    ...e,
  }));
  for (const d of departments) if (random() < CHANGED) d.name = `${d.name}（旧）`;
  for (const e of employees) if (random() < CHANGED) e.position = '旧役職';
  return { departments, employees };
}

const gc = globalThis.gc ?? (() => {});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// What the API serves is JSON text, one response per request; the planners get what the
// client parsed from it.
const built = buildSnapshot();
const responses = [
  JSON.stringify({ data: built.fields }),
  ...Object.values(built.organizations).map((items) => JSON.stringify({ data: items })),
];
for (let offset = 0; offset < built.members.length; offset += PAGE_SIZE) {
  responses.push(
    JSON.stringify({
      data: built.members.slice(offset, offset + PAGE_SIZE),
      paging: { totalCount: built.members.length, offset, limit: PAGE_SIZE },
    }),
  );
}
const jsonBytes = responses.reduce((sum, text) => sum + text.length, 0);
const snapshot = JSON.parse(JSON.stringify(built));
const target = buildTarget(snapshot);
console.log(
  `snapshot: ${MEMBERS.toLocaleString()} members, ${DEPARTMENTS.toLocaleString()} departments, JSON ${mb(jsonBytes)} in ${responses.length.toLocaleString()} responses; ` +
    `target: ${target.departments.length} departments, ${target.employees.length} employees, ~${CHANGED * 100}% changed`,
);

// Wall-clock and process CPU time (all threads, so GC helpers count): on a busy machine
// the CPU-time ratio is the steadier of the two.
const parseTimes = [];
const planTimes = [];
const parseCpu = [];
const planCpu = [];
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
let peakHeap = 0;
let planHeap = 0;
let lastSummary;
for (let round = 0; round < ROUNDS + 1; round++) {
  // Alternate which goes first, so neither always runs on a warmer heap.
  const order = round % 2 === 0 ? ['parse', 'plan'] : ['plan', 'parse'];
  for (const task of order) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const cpu = process.cpuUsage();
    const start = performance.now();
    if (task === 'parse') {
      let members = 0;
      for (let i = 0; i < responses.length; i++) {
        const parsed = JSON.parse(responses[i]);
        if (parsed.paging) members += parsed.data.length;
      }
      const elapsed = performance.now() - start;
      if (round > 0) {
        parseTimes.push(elapsed);
        parseCpu.push(cpuMs(cpu));
      }
      if (members !== MEMBERS) throw new Error('parse check failed');
    } else {
      // As runSync plans: unchanged records counted, not listed (LIST_UNCHANGED=1 lists them).
      const departmentPlan = planDepartmentSync({
        snapshot,
        existing: target.departments,
        listUnchanged: LIST_UNCHANGED,
      });
      const employeePlan = planEmployeeSync({
        listUnchanged: LIST_UNCHANGED,
        snapshot,
        existing: target.employees,
        departments: target.departments,
      });
      const elapsed = performance.now() - start;
      const after = process.memoryUsage().heapUsed;
      if (round > 0) {
        // round 0 warms up
        planTimes.push(elapsed);
        planCpu.push(cpuMs(cpu));
      }
      planHeap = Math.max(planHeap, after - before);
      lastSummary = { departments: departmentPlan.summary, employees: employeePlan.summary };
    }
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
}

const parse = median(parseTimes);
const plan = median(planTimes);
const parseC = median(parseCpu);
const planC = median(planCpu);
console.log('departments:', JSON.stringify(lastSummary.departments));
console.log('employees:  ', JSON.stringify(lastSummary.employees));
console.log(`rounds: ${planTimes.length} (medians; one warm-up round dropped)`);
console.log(`                                  wall-clock      CPU time`);
console.log(
  `JSON.parse (per response/page)   ${parse.toFixed(1).padStart(9)} ms  ${parseC.toFixed(1).padStart(9)} ms`,
);
console.log(
  `planDepartmentSync + planEmployeeSync ${plan.toFixed(1).padStart(4)} ms  ${planC.toFixed(1).padStart(9)} ms`,
);
const verdict = (ratio) => (ratio <= 1 ? 'OK' : 'OVER TARGET');
console.log(
  `ratio plan / parse: wall ${(plan / parse).toFixed(2)}× ${verdict(plan / parse)}, CPU ${(planC / parseC).toFixed(2)}× ${verdict(planC / parseC)} (target ≤ 1.00×)`,
);
console.log(
  `heap: peak heapUsed ${mb(peakHeap)}; retained by one plan (plans alive, before GC) ${mb(planHeap)}`,
);
