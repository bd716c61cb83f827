// fast-check arbitraries: random HRBrain snapshots with defects (missing, blank and duplicate
// codes and e-mails, item ids listed twice, kana variants, cycles, missing parents, unknown
// pulldown ids, invalid numbers and dates) and random Mikiwame targets.
import type {
  HrbrainMember,
  HrbrainOrganizationItem,
  HrbrainSnapshot,
} from '@mikiwame/hrbrain-client';
import fc from 'fast-check';
import type { Department, Employee, EmploymentType, Gender } from '../../src/index';
import { member, snapshot } from './snapshot';

const CODES = ['', ' ', 'A', 'B', 'C', 'D', 'E', 'F', 'a', ' A ', 'G', 'H'];
const NAMES = ['営業部', ' 開発部 ', '総務', '営業部', '人事'];
const EMAILS = [
  'a@example.com',
  'g@example.com',
  'h@example.com',
  'i@example.com',
  'A@Example.com',
  ' b@example.com ',
  'c@example.com',
  'd@example.com',
  'e@example.com',
  'f@example.com',
  '',
  '  ',
];
const KANA = ['ヤマダ', 'やまだ', 'ﾔﾏﾀﾞ', ' タロウ ', 'タロウ', 'サトウ', 'サトウ', ''];
const KANJI = ['山田', '佐藤', '鈴木', '山田', ' 佐藤', '太郎', '太郎', ''];
const NUMBERS = ['A-1', '０００２', '', 'B_2', 'x y', '100'];
const DATES = ['1990/01/01', '1990-02-30', '', '2000-02-29', '1988/7/1', 'yesterday'];
const GENDERS = ['男性', '女性', '', 'その他'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

interface ItemSpec {
  name: string;
  code: string | undefined;
  /** -1: root, -2: a parent id that does not exist, else an index (may create cycles). */
  parent: number;
  nest: boolean;
}

function buildItems(specs: ItemSpec[]): HrbrainOrganizationItem[] {
  const items = specs.map((spec, i): HrbrainOrganizationItem => {
    const item: HrbrainOrganizationItem = { id: `o${i}`, value: spec.name };
    if (spec.code !== undefined) item.code = spec.code;
    return item;
  });
  const top: HrbrainOrganizationItem[] = [];
  specs.forEach((spec, i) => {
    const item = items[i]!;
    const parent = spec.parent >= 0 && spec.parent !== i ? items[spec.parent] : undefined;
    if (parent && spec.parent < i && spec.nest) {
      parent.items = [...(parent.items ?? []), item]; // a real tree: no cycle possible
      return;
    }
    if (parent) item.parentId = parent.id;
    else if (spec.parent === -2) item.parentId = 'ghost';
    top.push(item);
  });
  return top;
}

const itemSpec = (count: number) =>
  fc.record({
    name: pick(NAMES),
    code: maybe(pick(CODES)),
    parent: fc.integer({ min: -2, max: Math.max(-1, count - 1) }),
    nest: fc.boolean(),
  });

const memberSpec = (departmentIds: string[]) =>
  fc.record({
    lastName: pick(KANJI),
    firstName: pick(KANJI),
    lastNameKana: pick(KANA),
    firstNameKana: pick(KANA),
    bizLastName: maybe(pick(KANJI)),
    bizFirstNameKana: maybe(pick(KANA)),
    number: maybe(pick(NUMBERS)),
    birthDate: maybe(pick(DATES)),
    team: maybe(
      fc.oneof(
        pick(['', ...departmentIds]).map((id) => ({ id })),
        fc.constant({ id: 'ghost-dept' }),
      ),
    ),
    position: maybe(fc.oneof(pick(['部長', '課長', '']), fc.constant({ id: 'ghost-pos' }))),
    gender: maybe(pick(GENDERS)),
    employment: maybe(
      fc.oneof(
        pick(['正社員', 'バイト', '嘱託', '業務委託', '']),
        fc.constant({ id: 'ghost-emp' }),
      ),
    ),
    email: pick(EMAILS),
    status: maybe(fc.oneof(pick(['在籍', '休職', '退職済み']), fc.constant({ id: 'ghost-st' }))),
  });

/** A random tenant: the HRBrain snapshot and the Mikiwame side. */
export interface World {
  snapshot: HrbrainSnapshot;
  departments: Department[];
  employees: Employee[];
}

const employmentTypes: (EmploymentType | null)[] = ['regular', 'part_time', 'other', null];
const genders: (Gender | null)[] = ['male', 'female', 'other', null];

export const worldArbitrary: fc.Arbitrary<World> = fc
  .integer({ min: 0, max: 14 })
  .chain((itemCount) =>
    fc.tuple(
      fc.oneof(
        {
          weight: 5,
          arbitrary: fc.array(itemSpec(itemCount), { minLength: itemCount, maxLength: itemCount }),
        },
        // D3: occasionally a chain deeper than ten levels
        {
          weight: 1,
          arbitrary: fc.array(pick(CODES), { minLength: 12, maxLength: 12 }).map((codes) =>
            codes.map(
              (code, i): ItemSpec => ({
                name: `L${i + 1}`,
                code: `${code}${i}`,
                parent: i - 1,
                nest: true,
              }),
            ),
          ),
        },
      ),
      fc.array(memberSpec(Array.from({ length: itemCount }, (_, i) => `o${i}`)), { maxLength: 14 }),
      fc.uniqueArray(
        fc.record({
          code: pick(CODES.filter((c) => c.trim() !== '')),
          name: pick(NAMES),
          parentCode: fc.option(pick(CODES), { nil: null }),
          sourceId: fc.option(
            fc.integer({ min: 0, max: 14 }).map((i) => `o${i}`),
            { nil: null },
          ),
        }),
        { selector: (d) => d.code, maxLength: 6 },
      ),
      fc.uniqueArray(
        fc.record({
          email: pick(EMAILS.filter((e) => e.trim() !== '')),
          lastName: pick(KANJI.map((k) => k.trim()).filter((k) => k !== '')),
          firstName: pick(['太郎', '佐藤']),
          lastNameKana: pick(['ヤマダ', 'サトウ']),
          firstNameKana: pick(['タロウ', 'サトウ']),
          employeeNumber: fc.option(pick(NUMBERS), { nil: null }),
          birthDate: fc.option(pick(['1990-01-01', '2000-02-29']), { nil: null }),
          departmentCode: fc.option(pick(CODES), { nil: null }),
          position: fc.option(pick(['部長', '課長']), { nil: null }),
          employmentType: pick(employmentTypes),
          gender: pick(genders),
          retired: fc.boolean(),
          sourceId: fc.option(
            fc.integer({ min: 0, max: 14 }).map((i) => `m${i}`),
            { nil: null },
          ),
        }),
        { selector: (e) => e.email.trim().toLowerCase(), maxLength: 6 },
      ),
      // J4: sometimes HRBrain lists an item id a second time with other contents
      fc.option(fc.record({ of: fc.nat(), code: pick(CODES), name: pick(NAMES) }), {
        nil: undefined,
        freq: 4,
      }),
      // J4: sometimes HRBrain lists a member id a second time with other contents (another
      // 姓, and maybe another address)
      fc.array(fc.record({ of: fc.nat(), email: fc.option(pick(EMAILS), { nil: undefined }) }), {
        maxLength: 2,
      }),
    ),
  )
  .map(([items, members, departments, employees, duplicate, memberCopies]) => {
    const tree = buildItems(items);
    if (duplicate !== undefined && items.length > 0) {
      tree.push({
        id: `o${duplicate.of % items.length}`,
        value: duplicate.name,
        code: duplicate.code,
      });
    }
    const snap = snapshot({ departments: tree });
    snap.members = members.map((spec, i) => {
      const input: Record<string, string | { id: string }> & { id: string } = { id: `m${i}` };
      for (const [key, value] of Object.entries(spec)) if (value !== undefined) input[key] = value;
      return member(input);
    });
    for (const copy of members.length > 0 ? memberCopies : []) {
      const i = copy.of % members.length;
      const input: Record<string, string | { id: string }> & { id: string } = { id: `m${i}` };
      for (const [key, value] of Object.entries(members[i]!)) {
        if (value !== undefined) input[key] = value;
      }
      const last = input.lastName;
      input.lastName = `${typeof last === 'string' ? last : ''}改${snap.members.length}`;
      if (copy.email !== undefined) input.email = copy.email;
      snap.members.push(member(input));
    }
    return {
      snapshot: snap,
      departments: departments.map((d, i) => ({ id: `t-d${i}`, ...d })),
      employees: employees.map((e, i) => ({ id: `t-e${i}`, ...e })),
    };
  });

/** Deterministic Fisher–Yates with a seed (mulberry32). */
export function shuffle<T>(values: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same world with every array (and object key order) shuffled. */
export function shuffleWorld(world: World, seed: number): World {
  const shuffleItems = (items: HrbrainOrganizationItem[], s: number): HrbrainOrganizationItem[] =>
    shuffle(items, s).map((item, i) =>
      item.items ? { ...item, items: shuffleItems(item.items, s + i + 1) } : { ...item },
    );
  const organizations: HrbrainSnapshot['organizations'] = {};
  for (const key of shuffle(Object.keys(world.snapshot.organizations), seed)) {
    const org = world.snapshot.organizations[key]!;
    organizations[key] = { ...org, items: shuffleItems(org.items, seed + 7) };
  }
  return {
    snapshot: {
      fields: shuffle(world.snapshot.fields, seed + 1),
      members: shuffle(world.snapshot.members, seed + 2).map(
        (m: HrbrainMember, i): HrbrainMember => ({ ...m, fields: shuffle(m.fields, seed + i) }),
      ),
      organizations,
    },
    departments: shuffle(world.departments, seed + 3),
    employees: shuffle(world.employees, seed + 4),
  };
}
