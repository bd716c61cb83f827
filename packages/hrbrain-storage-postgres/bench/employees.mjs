// The generated employees both benches apply (one builder, so the two measure the same rows).

const lastNames = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['渡辺', 'ワタナベ'],
];
const firstNames = [
  ['翔太', 'ショウタ'],
  ['美咲', 'ミサキ'],
  ['大輔', 'ダイスケ'],
  ['陽菜', 'ヒナ'],
  ['蓮', 'レン'],
];
const types = ['regular', 'contract', 'dispatched', 'part_time', 'outsourced', 'other'];

/**
 * Employee `i` of a generated tenant: `departments` department codes `D0…`, genders cycled
 * from `genders`.
 */
export function benchEmployee(i, { departments = 2000, genders = ['male', 'female'] } = {}) {
  const [last, lastKana] = lastNames[i % lastNames.length];
  const [first, firstKana] = firstNames[(i * 7) % firstNames.length];
  return {
    sourceId: `m${1_000_000 + i}`,
    email: `user${i}.${first.length}@example.co.jp`,
    lastName: last,
    firstName: first,
    lastNameKana: lastKana,
    firstNameKana: firstKana,
    employeeNumber: `E${String(i).padStart(7, '0')}`,
    birthDate: `19${60 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    departmentCode: `D${i % departments}`,
    position: i % 10 === 0 ? '課長' : '一般',
    gender: genders[i % genders.length],
    employmentType: types[i % types.length],
    retired: i % 50 === 0,
  };
}
