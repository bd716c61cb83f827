import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeHrbrain, type FakeHrbrainDefects, type HrbrainPayload } from '../src/index';
import { fieldValue, flattenDepartments, hasEntry, isBlank, itemIds } from './tenant-inspect';

const credentials = { clientId: 'acme', clientSecret: 's3cret' };
const { fields: F, organizations: O } = createFakeHrbrain(credentials).ids;

const sorted = (ids: Iterable<string>) => [...ids].sort();
const departmentIdsOf = (payload: HrbrainPayload) => itemIds(payload, O.department);

function isImpossibleDate(text: string): boolean {
  const match = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(text);
  if (!match) return true;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d;
}

/**
 * What the sync rules would find wrong with a payload, computed from the served data alone.
 * Each list should equal the matching list of `tenant.defects`.
 */
function analyze(payload: HrbrainPayload) {
  const departments = flattenDepartments(payload);
  const byCode = new Map<string, string[]>();
  for (const d of departments) {
    if (isBlank(d.code)) continue;
    byCode.set(d.code as string, [...(byCode.get(d.code as string) ?? []), d.id]);
  }
  const missingDepartmentCodes = departments.filter((d) => isBlank(d.code)).map((d) => d.id);
  const duplicateDepartmentCodes = [...byCode.values()].filter((ids) => ids.length > 1).flat();
  const tooDeepDepartments = departments.filter((d) => d.level > 10).map((d) => d.id);
  const unsynced = new Set([
    ...missingDepartmentCodes,
    ...duplicateDepartmentCodes,
    ...tooDeepDepartments,
  ]);

  const byEmail = new Map<string, string[]>();
  for (const m of payload.members) {
    const email = fieldValue(m, F.email);
    if (isBlank(email)) continue;
    const key = (email as string).trim().toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), m.id]);
  }
  const departmentItems = itemIds(payload, O.department);
  const items = {
    [F.position]: itemIds(payload, O.position),
    [F.employmentStatus]: itemIds(payload, O.employmentStatus),
    [F.enrollmentStatus]: itemIds(payload, O.enrollmentStatus),
  };
  const members = payload.members;
  return {
    missingDepartmentCodes,
    duplicateDepartmentCodes,
    tooDeepDepartments,
    duplicateEmails: [...byEmail.values()].filter((ids) => ids.length > 1).flat(),
    missingNames: members
      .filter((m) => isBlank(fieldValue(m, F.lastName)) || isBlank(fieldValue(m, F.firstName)))
      .map((m) => m.id),
    missingKana: members
      .filter(
        (m) => isBlank(fieldValue(m, F.lastNameKana)) || isBlank(fieldValue(m, F.firstNameKana)),
      )
      .map((m) => m.id),
    missingEmails: members.filter((m) => isBlank(fieldValue(m, F.email))).map((m) => m.id),
    unknownDepartments: members
      .filter((m) => unsynced.has(fieldValue(m, F.mainTeam) as string))
      .map((m) => m.id),
    unknownPulldownValues: members
      .filter((m) =>
        Object.entries(items).some(([fieldId, ids]) => {
          const value = fieldValue(m, fieldId);
          return value !== undefined && !ids.has(value as string);
        }),
      )
      .map((m) => m.id),
    unknownDepartmentIds: members
      .filter((m) => {
        const value = fieldValue(m, F.mainTeam);
        return !isBlank(value) && !departmentItems.has(value as string);
      })
      .map((m) => m.id),
    invalidEmployeeNumbers: members
      .filter((m) => !/^[0-9A-Za-z._-]+$/.test(String(fieldValue(m, F.employeeNumber))))
      .map((m) => m.id),
    invalidBirthDates: members
      .filter((m) => {
        const value = String(fieldValue(m, F.birthDate));
        return !value.includes('T') && isImpossibleDate(value);
      })
      .map((m) => m.id),
    // E9: a time other than T00:00:00 / T00:00:00+09:00, on a possible date
    zonedBirthDates: members
      .filter((m) => {
        const [date = '', time] = String(fieldValue(m, F.birthDate)).split('T');
        return (
          time !== undefined &&
          !isImpossibleDate(date) &&
          time !== '00:00:00' &&
          time !== '00:00:00+09:00'
        );
      })
      .map((m) => m.id),
  };
}

type Analysis = ReturnType<typeof analyze>;
const KNOBS = Object.keys(analyze(createFakeHrbrain(credentials).payload)) as (keyof Analysis)[];

function expectReportMatches(defects: FakeHrbrainDefects, seed = 1, members = 120) {
  const tenant = createFakeHrbrain({
    ...credentials,
    seed,
    members,
    departments: { count: 40, maxDepth: 5 },
    defects,
  });
  const found = analyze(tenant.payload);
  for (const knob of KNOBS) {
    expect(sorted(found[knob]), knob).toEqual(sorted(tenant.defects[knob]));
  }
  return { tenant, found };
}

describe('createFakeHrbrain: defect knobs', () => {
  it('a tenant without defects has none', () => {
    const { found } = expectReportMatches({});
    for (const knob of KNOBS) expect(found[knob], knob).toEqual([]);
  });

  it('D2 missingDepartmentCodes: N departments with a missing, empty or blank code, leaves first', () => {
    const { tenant } = expectReportMatches({ missingDepartmentCodes: 3 });
    const spoiled = flattenDepartments(tenant.payload).filter((d) =>
      tenant.defects.missingDepartmentCodes.includes(d.id),
    );
    expect(spoiled.map((d) => d.code)).toEqual(expect.arrayContaining([undefined, '', '  ']));
    expect(tenant.defects.missingDepartmentCodes).toHaveLength(3);
    // Spoiled leaves have no children, so no D5 re-parenting follows from them.
    expect(
      flattenDepartments(tenant.payload).some((d) => spoiled.some((s) => s.id === d.parentId)),
    ).toBe(false);
  });

  it('D4 duplicateDepartmentCodes: N departments copy the code of N others (2N not synced)', () => {
    const { tenant, found } = expectReportMatches({ duplicateDepartmentCodes: 2 });
    expect(found.duplicateDepartmentCodes).toHaveLength(4);
    expect(tenant.defects.duplicateDepartmentCodes).toHaveLength(4);
  });

  it('D3 tooDeepDepartments: a chain reaching level 10 + N', () => {
    const { tenant } = expectReportMatches({ tooDeepDepartments: 2 });
    const levels = flattenDepartments(tenant.payload)
      .filter((d) => tenant.defects.tooDeepDepartments.includes(d.id))
      .map((d) => d.level);
    expect(levels).toEqual([11, 12]);
  });

  it('E4/E1 duplicateEmails: N members take another member’s address, some differing only in case', () => {
    const { tenant } = expectReportMatches({ duplicateEmails: 3 });
    expect(tenant.defects.duplicateEmails).toHaveLength(6);
    const emails = tenant.defects.duplicateEmails.map((id) =>
      fieldValue(tenant.payload.members.find((m) => m.id === id)!, F.email),
    );
    expect(new Set(emails).size).toBeGreaterThan(
      new Set(emails.map((e) => String(e).toLowerCase())).size,
    );
  });

  it('E2 missingNames / missingKana / missingEmails: blank or absent, never masked by a business name (E3)', () => {
    const { tenant } = expectReportMatches(
      { missingNames: 4, missingKana: 4, missingEmails: 2 },
      2,
      400,
    );
    const spoiled = [...tenant.defects.missingNames, ...tenant.defects.missingKana].map(
      (id) => tenant.payload.members.find((m) => m.id === id)!,
    );
    for (const m of spoiled) expect(hasEntry(m, F.businessLastName)).toBe(false);
    const nameFields = spoiled
      .slice(0, 4)
      .map((m) => [hasEntry(m, F.lastName), hasEntry(m, F.firstName)]);
    // Both ways of being blank are served: an empty value and no entry at all.
    expect(nameFields.flat()).toContain(false);
  });

  it('E2 unknownDepartments: members in a department that is not synced; adds a codeless one when none is spoiled', () => {
    const { tenant } = expectReportMatches({ unknownDepartments: 2 });
    expect(tenant.defects.unknownDepartments).toHaveLength(2);
    expect(tenant.defects.missingDepartmentCodes).toHaveLength(1);
    const orphan = flattenDepartments(tenant.payload).find(
      (d) => d.id === tenant.defects.missingDepartmentCodes[0],
    );
    expect(orphan).toMatchObject({ name: 'プロジェクト室', code: undefined, level: 2 });
    // With spoiled departments around, members point at those instead.
    const withDuplicates = expectReportMatches({
      unknownDepartments: 2,
      duplicateDepartmentCodes: 1,
    }).tenant;
    expect(withDuplicates.defects.missingDepartmentCodes).toEqual([]);
  });

  it('F3 unknownPulldownValues / F3 unknownDepartmentIds / E5 invalidEmployeeNumbers / E9 invalidBirthDates / E9 zonedBirthDates', () => {
    const { tenant } = expectReportMatches({
      unknownPulldownValues: 4,
      unknownDepartmentIds: 2,
      invalidEmployeeNumbers: 3,
      invalidBirthDates: 3,
      zonedBirthDates: 2,
    });
    // 主部署 is left to unknownDepartmentIds: unknownPulldownValues spoils the other three
    for (const id of tenant.defects.unknownPulldownValues) {
      const team = fieldValue(tenant.payload.members.find((m) => m.id === id)!, F.mainTeam);
      expect(isBlank(team) || departmentIdsOf(tenant.payload).has(team as string)).toBe(true);
    }
    const zoned = tenant.defects.zonedBirthDates.map((id) =>
      String(fieldValue(tenant.payload.members.find((m) => m.id === id)!, F.birthDate)),
    );
    expect(zoned[0]).toMatch(/^\d{4}-\d{2}-\d{2}T15:00:00Z$/);
    expect(zoned[1]).toMatch(/^\d{4}-\d{2}-\d{2}T09:00:00\+09:00$/);
    const numbers = tenant.defects.invalidEmployeeNumbers.map((id) =>
      fieldValue(tenant.payload.members.find((m) => m.id === id)!, F.employeeNumber),
    );
    expect(numbers.some((n) => /[０-９]/.test(String(n)))).toBe(true);
    expect(numbers.some((n) => /[ァ-ン]/.test(String(n)))).toBe(true);
    expect(numbers.some((n) => /\s/.test(String(n)))).toBe(true);
  });

  it('F1 renamedFields: the label changes (even after NFKC and whitespace removal), the alias stays', () => {
    const tenant = createFakeHrbrain({
      ...credentials,
      defects: { renamedFields: ['性別', '氏（カナ）', '氏'] },
    });
    const labels = tenant.payload.fields.map((f) => f.label.normalize('NFKC').replace(/\s/g, ''));
    for (const label of ['性別', '氏(カナ)', '氏']) expect(labels).not.toContain(label);
    expect(tenant.defects.renamedFields).toEqual([
      { fieldId: F.gender, from: '性別', to: '性別区分' },
      { fieldId: F.lastNameKana, from: '氏（カナ）', to: 'セイ' },
      { fieldId: F.lastName, from: '氏', to: '姓' },
    ]);
    expect(tenant.payload.fields.find((f) => f.id === F.lastName)?.alias).toBe('LastName');
  });

  it('F1 renamedFields with { from, to }: exact labels, e.g. NFKC-equivalent spellings a sync must still match', () => {
    const tenant = createFakeHrbrain({
      ...credentials,
      defects: {
        renamedFields: [
          { from: '氏（カナ）', to: '氏(カナ)' },
          { from: '名（カナ）', to: ' 名 （カナ） ' },
        ],
      },
    });
    const label = (id: string) => tenant.payload.fields.find((f) => f.id === id)?.label;
    expect(label(F.lastNameKana)).toBe('氏(カナ)');
    expect(label(F.firstNameKana)).toBe(' 名 （カナ） ');
    const f1 = (text: string) => text.normalize('NFKC').replace(/\s/g, '');
    expect(f1(label(F.lastNameKana) ?? '')).toBe(f1('氏（カナ）'));
    expect(f1(label(F.firstNameKana) ?? '')).toBe(f1('名（カナ）'));
    expect(() =>
      createFakeHrbrain({
        ...credentials,
        defects: { renamedFields: [{ from: '性別', to: ' ' }] },
      }),
    ).toThrow(/new label for '性別'/);
  });

  it('F2 droppedAliases: the alias disappears from the definition and every member value', () => {
    const tenant = createFakeHrbrain({
      ...credentials,
      defects: { droppedAliases: ['メールアドレス'] },
    });
    expect(tenant.payload.fields.find((f) => f.id === F.email)?.alias).toBeUndefined();
    const values = tenant.payload.members.map((m) => m.fields.find((f) => f.id === F.email));
    expect(values.every((v) => v !== undefined && v.alias === undefined)).toBe(true);
    expect(tenant.defects.droppedAliases).toEqual([F.email]);
  });

  it('property: any mix of defect counts spoils exactly the reported records, one defect per member', () => {
    const count = fc.integer({ min: 0, max: 3 });
    fc.assert(
      fc.property(
        fc.integer(),
        fc.record({
          missingDepartmentCodes: count,
          duplicateDepartmentCodes: count,
          tooDeepDepartments: count,
          duplicateEmails: count,
          missingNames: count,
          missingKana: count,
          missingEmails: count,
          unknownDepartments: count,
          unknownPulldownValues: count,
          unknownDepartmentIds: count,
          invalidEmployeeNumbers: count,
          invalidBirthDates: count,
          zonedBirthDates: count,
        }),
        (seed, defects) => {
          const { tenant } = expectReportMatches(defects, seed, 80);
          const counted: Record<string, number> = {
            ...defects,
            duplicateEmails: 2 * defects.duplicateEmails,
            duplicateDepartmentCodes: 2 * defects.duplicateDepartmentCodes,
          };
          for (const [knob, n] of Object.entries(counted)) {
            if (knob === 'missingDepartmentCodes') continue; // may gain the added プロジェクト室
            expect(tenant.defects[knob as keyof Analysis], knob).toHaveLength(n);
          }
          const memberKnobs = KNOBS.filter(
            (k) => !k.endsWith('Departments') && !k.includes('DepartmentCodes'),
          );
          const spoiled = [...memberKnobs, 'unknownDepartments' as const].flatMap(
            (k) => tenant.defects[k],
          );
          expect(new Set(spoiled).size).toBe(spoiled.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
