import fc from 'fast-check';
import { expect } from 'vitest';
import { applyDepartmentPlan, applyEmployeePlan } from '../fixtures/apply';
import { buildErrorRow } from '../fixtures/error-rows';
import { hostileStrings } from '../fixtures/hostile-strings';
import {
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
} from '../fixtures/plans';
import { seedDepartments } from '../fixtures/seed';
import { newTenantId } from '../fixtures/tenants';
import { storedDepartments, storedEmployees } from '../stored-state';
import type { ConformanceSuite } from '../suite';

/**
 * Keys (codes, e-mails, ids) stay short: real ones are, and a unique index on a multi-KB
 * key fails in most databases. Cut by code point so no surrogate pair is split.
 */
const key = (text: string) => Array.from(text).slice(0, 60).join('');

/** Any Unicode code point but NUL (PostgreSQL `text` cannot hold it), graphemes mixed in. */
const anyText = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  )
  .map((text) => text.replaceAll('\u0000', ''));

export const hostileStringSuite: ConformanceSuite = {
  id: 'hostileStrings',
  title: 'hostile strings are stored and read back exactly',
  cases: [
    {
      title:
        'property: any NUL-free Unicode name is stored and read back exactly (departments, employees)',
      async run({ storage, inspect, propertyRuns }) {
        await fc.assert(
          fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 6 }), async (texts) => {
            const tenantId = newTenantId('property');
            const departments = texts.map((text, index) =>
              buildDepartmentCreate({
                code: `P${index}:${key(text)}`,
                name: text === '' ? '-' : text,
                parentCode: index === 0 ? null : `P0:${key(texts[0] ?? '')}`,
              }),
            );
            const employees = texts.map((text, index) =>
              buildEmployeeCreate({
                email: `p${index}.${key(text)}@example.com`,
                lastName: `${text}姓`,
                firstName: text === '' ? '名' : text,
                position: text,
              }),
            );
            await applyDepartmentPlan(
              storage,
              tenantId,
              buildDepartmentPlan({ creates: departments }),
            );
            await applyEmployeePlan(storage, tenantId, buildEmployeePlan({ creates: employees }));
            const storedDepartmentsByCode = new Map(
              (await inspect.departments(tenantId)).map((d) => [d.code, d]),
            );
            const loadedDepartmentsByCode = new Map(
              (await storage.loadDepartments(tenantId)).map((d) => [d.code, d]),
            );
            for (const create of departments) {
              expect(storedDepartmentsByCode.get(create.code)).toMatchObject(create);
              expect(loadedDepartmentsByCode.get(create.code)).toMatchObject(create);
            }
            const storedEmployeesByEmail = new Map(
              (await inspect.employees(tenantId)).map((e) => [e.email, e]),
            );
            for (const create of employees) {
              expect(storedEmployeesByEmail.get(create.email)).toMatchObject(create);
            }
          }),
          { numRuns: propertyRuns },
        );
      },
    },
    {
      title: 'department codes and names: SQL, quotes, emoji, RTL, long text round-trip exactly',
      async run({ storage, inspect, tenantId }) {
        const creates = hostileStrings.map((text, index) =>
          buildDepartmentCreate({
            code: `${key(text)}#${index}`,
            name: text,
            parentCode: index === 0 ? null : `${key(hostileStrings[0] ?? '')}#0`,
            sourceId: key(text),
          }),
        );
        await applyDepartmentPlan(storage, tenantId, buildDepartmentPlan({ creates }));
        const byCode = new Map((await inspect.departments(tenantId)).map((d) => [d.code, d]));
        const loaded = new Map((await storage.loadDepartments(tenantId)).map((d) => [d.code, d]));
        for (const create of creates) {
          expect(byCode.get(create.code), `stored: ${create.code}`).toMatchObject(create);
          expect(loaded.get(create.code), `loaded: ${create.code}`).toMatchObject(create);
        }
        expect(byCode.size).toBe(creates.length);
      },
    },
    {
      title: 'a hostile rename is applied as a value, not as SQL, and touches nothing else',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'A', name: 'A' }),
          buildDepartmentCreate({ code: 'B', name: 'B' }),
        ]);
        const name = "x', name = 'pwned', code = 'B";
        const department = seeded.get('A');
        expect(department).toBeDefined();
        await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({ updates: [buildDepartmentUpdate(department!, { name })] }),
        );
        const stored = await storedDepartments(inspect, tenantId);
        expect(stored.map((d) => [d.code, d.name])).toEqual([
          ['A', name],
          ['B', 'B'],
        ]);
      },
    },
    {
      title: 'employee names, kana, positions, numbers and e-mails round-trip exactly',
      async run({ storage, inspect, tenantId }) {
        const creates = hostileStrings.map((text, index) =>
          buildEmployeeCreate({
            email: `o'hara+${index}"%_\\@example.com`,
            lastName: text,
            firstName: `${text}名`,
            lastNameKana: `カナ${text}`,
            firstNameKana: text.slice(0, 10),
            position: text,
            employeeNumber: `${index}-${text.length}`,
            sourceId: `${key(text)}-${index}`,
          }),
        );
        await applyEmployeePlan(storage, tenantId, buildEmployeePlan({ creates }));
        const stored = new Map((await storedEmployees(inspect, tenantId)).map((e) => [e.email, e]));
        const loaded = new Map((await storage.loadEmployees(tenantId)).map((e) => [e.email, e]));
        for (const create of creates) {
          expect(stored.get(create.email), `stored: ${create.email}`).toMatchObject(create);
          expect(loaded.get(create.email), `loaded: ${create.email}`).toMatchObject(create);
        }
      },
    },
    {
      title: 'J3/C5 run error rows, failures and connection secrets round-trip exactly',
      async run({ storage, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const rows = hostileStrings.map((text, index) =>
          buildErrorRow({
            sourceId: key(text),
            sourceKey: text,
            value: text,
            messageJa: `${text}（${index}）`,
            messageEn: text,
          }),
        );
        const failure = { code: 'STORAGE_ERROR', message: hostileStrings.join(' | ') };
        await storage.finishRun({
          tenantId,
          runId: run.id,
          outcome: { status: 'failed', summary: null, failure, errors: rows },
        });
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(rows);
        expect((await storage.getRun(tenantId, run.id))?.failure).toEqual(failure);

        const secret = hostileStrings.join('');
        await storage.saveConnection({
          tenantId,
          clientId: 'acme',
          clientSecret: secret,
          connectedAt: new Date('2026-05-05T05:05:05.005Z'),
          connectedBy: hostileStrings[0],
        });
        const connection = await storage.getConnection(tenantId);
        expect(connection?.clientSecret).toBe(secret);
        expect(connection?.connectedBy).toBe(hostileStrings[0]);
      },
    },
  ],
};
