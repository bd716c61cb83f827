import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeHrbrain, FakeHrbrainOptionsError } from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { fieldValue, flattenDepartments, isBlank, itemIds } from './tenant-inspect';

const credentials = { clientId: 'acme', clientSecret: 's3cret' };
const F = createFakeHrbrain({ ...credentials }).ids.fields;
const O = createFakeHrbrain({ ...credentials }).ids.organizations;

const KATAKANA = /^[\u30a0-\u30ff]+$/;
const HIRAGANA = /^[\u3041-\u309f\u30fc]+$/;
const HALF_WIDTH = /^[\uff61-\uff9f]+$/;

describe('createFakeHrbrain: generated tenants', () => {
  it('is deterministic: the same seed and options give identical payloads', () => {
    const options = {
      ...credentials,
      seed: 42,
      members: 300,
      departments: { count: 30, maxDepth: 6 },
    };
    expect(createFakeHrbrain(options).payload).toEqual(createFakeHrbrain(options).payload);
  });

  it('gives different payloads for different seeds', () => {
    const a = createFakeHrbrain({ ...credentials, seed: 1 }).payload;
    const b = createFakeHrbrain({ ...credentials, seed: 2 }).payload;
    expect(a.members).not.toEqual(b.members);
    expect(a.organizations).not.toEqual(b.organizations);
  });

  it('keeps the same departments when only the member count changes', () => {
    const small = createFakeHrbrain({ ...credentials, seed: 5, members: 10 }).payload;
    const large = createFakeHrbrain({ ...credentials, seed: 5, members: 500 }).payload;
    expect(large.organizations).toEqual(small.organizations);
  });

  it('uses the shapes of the worked example (example-snapshot.json)', () => {
    const { payload } = createFakeHrbrain({ ...credentials, members: 200 });
    expect(Object.keys(payload).sort()).toEqual(Object.keys(example).sort());
    // Every key the example uses is there, and nothing beyond alias/type (assumed on definitions).
    const exampleFieldKeys = new Set(example.fields.flatMap((f) => Object.keys(f)));
    for (const field of payload.fields) {
      for (const key of Object.keys(field))
        expect([...exampleFieldKeys, 'alias', 'type']).toContain(key);
    }
    expect(payload.fields.map((f) => f.label)).toEqual([
      ...example.fields.map((f) => f.label),
      '入社日',
    ]);
    expect(payload.fields.map((f) => f.id).slice(0, example.fields.length)).toEqual(
      example.fields.map((f) => f.id),
    );
    const exampleValueKeys = new Set(example.members.flatMap((m) => m.fields.flatMap(Object.keys)));
    for (const member of payload.members) {
      expect(Object.keys(member)).toEqual(['id', 'fields']);
      for (const field of member.fields) {
        for (const key of Object.keys(field)) expect(exampleValueKeys).toContain(key);
        expect(typeof field.value).toBe('string');
      }
    }
    expect(Object.keys(payload.organizations).sort()).toEqual(
      Object.keys(example.organizations).sort(),
    );
    expect(payload.organizations[O.department]?.type).toBe('tree');
    for (const key of [O.position, O.employmentStatus, O.enrollmentStatus]) {
      expect(payload.organizations[key]?.type).toBe('list');
    }
  });

  it('F2: puts aliases on definitions and member values, and organizationPulldown types with organizationId', () => {
    const { payload } = createFakeHrbrain({ ...credentials, members: 20 });
    const byAlias = Object.fromEntries(
      payload.fields.filter((f) => f.alias).map((f) => [f.alias, f.label]),
    );
    expect(byAlias).toMatchObject({
      LastName: '氏',
      FirstName: '名',
      Email: 'メールアドレス',
      EmployeeNumber: '従業員番号',
      MainTeam: '主部署',
      EnrollmentStatus: '在籍状況',
      EmploymentStatus: '雇用形態',
    });
    for (const field of payload.fields) {
      expect(field.type).toBe(field.organizationId ? 'organizationPulldown' : 'text');
    }
    const definitions = new Map(payload.fields.map((f) => [f.id, f]));
    for (const member of payload.members) {
      for (const value of member.fields) {
        const definition = definitions.get(value.id);
        expect(value.alias).toBe(definition?.alias);
        expect(value.type).toBe(definition?.organizationId ? 'organizationPulldown' : 'text');
      }
    }
    const bare = createFakeHrbrain({ ...credentials, definitionAliases: false }).payload.fields;
    expect(bare.every((f) => f.alias === undefined && f.type === undefined)).toBe(true);
  });

  it('generates realistic people: kanji names, katakana kana (some hiragana or half-width, E13), business names (E3)', () => {
    const { payload } = createFakeHrbrain({ ...credentials, seed: 3, members: 2000 });
    let hiragana = 0;
    let halfWidth = 0;
    let business = 0;
    for (const m of payload.members) {
      expect(fieldValue(m, F.lastName)).toMatch(/^[\u4e00-\u9fff々]+$/);
      expect(fieldValue(m, F.firstName)).toMatch(/^[\u3041-\u309f\u4e00-\u9fff々]+$/);
      const kana = `${fieldValue(m, F.lastNameKana)}${fieldValue(m, F.firstNameKana)}`;
      if (HIRAGANA.test(kana)) hiragana++;
      else if (HALF_WIDTH.test(kana)) halfWidth++;
      else expect(kana).toMatch(KATAKANA);
      // E13: whatever the spelling, NFKC + hiragana→katakana gives katakana.
      const normalized = kana
        .normalize('NFKC')
        .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
      expect(normalized).toMatch(KATAKANA);
      if (fieldValue(m, F.businessLastName) !== undefined) {
        business++;
        expect(fieldValue(m, F.businessLastNameKana)).toMatch(KATAKANA);
      }
    }
    expect(hiragana).toBeGreaterThan(0);
    expect(halfWidth).toBeGreaterThan(0);
    expect(business).toBeGreaterThan(0);
  });

  it('E9: writes birth dates as valid YYYY/MM/DD, some as YYYY-MM-DD', () => {
    const { payload } = createFakeHrbrain({ ...credentials, seed: 4, members: 500 });
    const separators = new Set<string>();
    for (const m of payload.members) {
      const text = fieldValue(m, F.birthDate) as string;
      const match = /^(\d{4})([/-])(\d{2})\2(\d{2})$/.exec(text);
      expect(match, text).not.toBeNull();
      const [, y, sep, mo, d] = match as RegExpExecArray;
      separators.add(sep as string);
      const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
      expect(date.getUTCMonth() + 1).toBe(Number(mo));
      expect(date.getUTCDate()).toBe(Number(d));
    }
    expect(separators).toEqual(new Set(['/', '-']));
  });

  it('E6/E7/E8: serves the default employment types plus company-specific ones, 在籍状況 with 退職済み and 休職, and 性別 values', () => {
    const { payload } = createFakeHrbrain({ ...credentials, seed: 9, members: 3000 });
    const names = (id: string) => payload.organizations[id]?.items.map((i) => i.value);
    expect(names(O.employmentStatus)).toEqual([
      '正社員',
      '契約社員',
      '派遣',
      'パートタイム',
      'アルバイト',
      'バイト',
      '業務委託',
      'インターン',
      '短時間正社員',
      '嘱託',
      '顧問',
    ]);
    expect(names(O.enrollmentStatus)).toEqual(['在籍', '休職', '退職済み']);
    const used = (fieldId: string) => new Set(payload.members.map((m) => fieldValue(m, fieldId)));
    expect(used(F.enrollmentStatus)).toEqual(new Set(['st-0', 'st-1', 'st-2']));
    expect(used(F.gender)).toEqual(new Set(['男性', '女性', 'その他', undefined]));
    expect(used(F.employmentStatus).size).toBe(11);
    const custom = createFakeHrbrain({ ...credentials, extraEmploymentTypes: ['研修生'] }).payload;
    expect(custom.organizations[O.employmentStatus]?.items.at(-1)).toEqual({
      id: 'emp-9',
      value: '研修生',
      code: 'EMP9',
    });
  });

  it('generates 100,000 members (the client benchmark size) with unique ids and e-mails', () => {
    const { payload } = createFakeHrbrain({
      ...credentials,
      members: 100_000,
      departments: { count: 2000 },
    });
    expect(payload.members).toHaveLength(100_000);
    expect(new Set(payload.members.map((m) => m.id)).size).toBe(100_000);
    expect(new Set(payload.members.map((m) => fieldValue(m, F.email))).size).toBe(100_000);
    expect(flattenDepartments(payload)).toHaveLength(2000);
  });

  it('property: a clean tenant is clean (D2/D3/D4, E1/E2/E4/E5, F3) for any seed, size and depth', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 2, max: 10 }),
        (seed, members, count, maxDepth) => {
          const { payload } = createFakeHrbrain({
            ...credentials,
            seed,
            members,
            departments: { count, maxDepth },
          });
          const departments = flattenDepartments(payload);
          expect(departments).toHaveLength(count);
          expect(departments.filter((d) => d.level === 1)).toHaveLength(1);
          expect(Math.max(...departments.map((d) => d.level))).toBeLessThanOrEqual(maxDepth);
          const codes = departments.map((d) => d.code);
          expect(codes.every((c) => typeof c === 'string' && c.trim() !== '')).toBe(true);
          expect(new Set(codes).size).toBe(codes.length);
          expect(payload.members).toHaveLength(members);
          const emails = payload.members.map((m) => String(fieldValue(m, F.email)).toLowerCase());
          expect(new Set(emails).size).toBe(members);
          const items = {
            [F.mainTeam]: itemIds(payload, O.department),
            [F.position]: itemIds(payload, O.position),
            [F.employmentStatus]: itemIds(payload, O.employmentStatus),
            [F.enrollmentStatus]: itemIds(payload, O.enrollmentStatus),
          };
          for (const m of payload.members) {
            for (const key of [F.lastName, F.firstName, F.lastNameKana, F.firstNameKana, F.email]) {
              expect(isBlank(fieldValue(m, key))).toBe(false);
            }
            expect(fieldValue(m, F.employeeNumber)).toMatch(/^[0-9A-Za-z._-]+$/);
            for (const [fieldId, ids] of Object.entries(items)) {
              const value = fieldValue(m, fieldId);
              if (value !== undefined) expect(ids.has(value as string)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses options it cannot honour with a FakeHrbrainOptionsError naming the option', () => {
    const bad = [
      [{ clientId: 'evil.com/' }, 'clientId'],
      [{ clientSecret: '' }, 'clientSecret'],
      [{ members: -1 }, 'members'],
      [{ seed: 1.5 }, 'seed'],
      [{ departments: { maxDepth: 11 } }, 'departments.maxDepth'],
      [{ departments: { count: 0 } }, 'departments.count'],
      [{ variety: { retired: 2 } }, 'variety.retired'],
      [{ defects: { renamedFields: ['存在しない'] } }, 'defects.renamedFields'],
      [{ members: 3, defects: { duplicateEmails: 2 } }, 'defects'],
    ] as const;
    for (const [options, option] of bad) {
      const attempt = () => createFakeHrbrain({ ...credentials, ...options });
      expect(attempt).toThrow(FakeHrbrainOptionsError);
      try {
        attempt();
      } catch (error) {
        expect(error).toMatchObject({ option, code: 'INVALID_OPTIONS' });
        expect(FakeHrbrainOptionsError.isInstance(error)).toBe(true);
      }
    }
  });
});

describe('createFakeHrbrain: variety.paddedValues (D9/E1/E13)', () => {
  const trimAll = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.trim()
      : Array.isArray(value)
        ? value.map(trimAll)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimAll(v)]))
          : value;

  it('only wraps values in half- or full-width spaces: trimmed, it is the unpadded tenant', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0.05, max: 1, noNaN: true }), (seed, share) => {
        const options = {
          ...credentials,
          seed,
          members: 60,
          departments: { count: 15 },
          defects: { missingKana: 2, missingDepartmentCodes: 1 },
        };
        const plain = createFakeHrbrain(options);
        const padded = createFakeHrbrain({ ...options, variety: { paddedValues: share } });
        expect(trimAll(padded.payload)).toEqual(trimAll(plain.payload));
        expect(padded.defects).toEqual(plain.defects);
      }),
      { numRuns: 30 },
    );
    const { payload } = createFakeHrbrain({
      ...credentials,
      members: 200,
      variety: { paddedValues: 0.5 },
    });
    const emails = payload.members.map((m) => String(fieldValue(m, F.email)));
    expect(emails.some((e) => e !== e.trim())).toBe(true);
    expect(emails.some((e) => /^\u3000|\u3000$/.test(e))).toBe(true);
    expect(
      flattenDepartments(payload).some(
        (d) => d.code !== d.code?.trim() || d.name !== d.name.trim(),
      ),
    ).toBe(true);
  });
});
