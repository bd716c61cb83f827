// The sync core against the fake HRBrain: generated tenants with every defect knob (the mock
// reports which records it spoiled), and runSync over the real client through msw.
import { createHrbrainClient, type HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import {
  createFakeHrbrain,
  createHrbrainHandlers,
  type FakeHrbrainOptions,
} from '@mikiwame/hrbrain-mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ErrorCode,
  FieldNotFoundError,
  planDepartmentSync,
  planEmployeeSync,
  runSync,
} from '../src/index';
import { applyDepartments, applyEmployees } from './support/apply';
import { createTestStorage } from './support/storage';

const SECRET = 'sk-live-sync-core-3c9e1f7a5b-secret';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tenantOf = (options: Partial<FakeHrbrainOptions> = {}) =>
  createFakeHrbrain({ clientId: 'acme', clientSecret: SECRET, ...options });

function serve(
  tenant: ReturnType<typeof tenantOf>,
  faults: Parameters<typeof createHrbrainHandlers>[1] = {},
) {
  server.use(...createHrbrainHandlers(tenant, faults));
  return createHrbrainClient({ clientId: 'acme', clientSecret: SECRET, maxRetries: 0 });
}

const idsWith = (rows: { sourceId: string; code: string }[], ...codes: ErrorCode[]) =>
  [
    ...new Set(rows.filter((r) => codes.includes(r.code as ErrorCode)).map((r) => r.sourceId)),
  ].sort();

describe('against generated HRBrain tenants (@mikiwame/hrbrain-mock)', () => {
  it.each([1, 2, 3])(
    'D2–D4, E2–E5, E9, F3: every spoiled record is reported, nothing else (seed %i)',
    (seed) => {
      const tenant = tenantOf({
        seed,
        members: 300,
        departments: { count: 30, maxDepth: 5 },
        defects: {
          missingDepartmentCodes: 2,
          duplicateDepartmentCodes: 2,
          tooDeepDepartments: 1,
          duplicateEmails: 3,
          missingNames: 3,
          missingKana: 3,
          missingEmails: 2,
          unknownDepartments: 2,
          unknownPulldownValues: 3,
          unknownDepartmentIds: 2,
          invalidEmployeeNumbers: 3,
          invalidBirthDates: 3,
          zonedBirthDates: 2,
        },
      });
      const snapshot = tenant.payload as unknown as HrbrainSnapshot;
      const report = tenant.defects;
      const departmentPlan = planDepartmentSync({ snapshot, existing: [] });
      expect(idsWith(departmentPlan.errors, 'DEPARTMENT_CODE_MISSING')).toEqual(
        [...report.missingDepartmentCodes].sort(),
      );
      expect(idsWith(departmentPlan.errors, 'DEPARTMENT_CODE_DUPLICATE')).toEqual(
        [...report.duplicateDepartmentCodes].sort(),
      );
      expect(idsWith(departmentPlan.errors, 'DEPARTMENT_TOO_DEEP')).toEqual(
        [...report.tooDeepDepartments].sort(),
      );

      const departments = applyDepartments([], departmentPlan);
      const employeePlan = planEmployeeSync({ snapshot, existing: [], departments });
      const rows = employeePlan.errors;
      expect(idsWith(rows, 'EMPLOYEE_EMAIL_DUPLICATE')).toEqual([...report.duplicateEmails].sort());
      expect(idsWith(rows, 'EMPLOYEE_NAME_MISSING')).toEqual([...report.missingNames].sort());
      expect(idsWith(rows, 'EMPLOYEE_KANA_MISSING')).toEqual([...report.missingKana].sort());
      expect(idsWith(rows, 'EMPLOYEE_EMAIL_MISSING')).toEqual([...report.missingEmails].sort());
      expect(idsWith(rows, 'EMPLOYEE_DEPARTMENT_UNKNOWN')).toEqual(
        [...report.unknownDepartments, ...report.unknownDepartmentIds].sort(),
      );
      // F3: an unknown 主部署 id is named in its row and skips the employee
      for (const id of report.unknownDepartmentIds) {
        const row = rows.find((r) => r.sourceId === id)!;
        expect(row).toMatchObject({
          severity: 'error',
          value: expect.stringMatching(/^deleted-team-/),
        });
      }
      expect(idsWith(rows, 'FIELD_VALUE_UNKNOWN')).toEqual(
        [...report.unknownPulldownValues].sort(),
      );
      expect(idsWith(rows, 'EMPLOYEE_NUMBER_INVALID')).toEqual(
        [...report.invalidEmployeeNumbers].sort(),
      );
      expect(idsWith(rows, 'EMPLOYEE_BIRTH_DATE_INVALID')).toEqual(
        [...report.invalidBirthDates, ...report.zonedBirthDates].sort(),
      );
      expect(employeePlan.summary.source).toBe(300);
      expect(employeePlan.summary.skipped).toBe(
        report.duplicateEmails.length +
          report.missingNames.length +
          report.missingKana.length +
          report.missingEmails.length +
          report.unknownDepartments.length +
          report.unknownDepartmentIds.length,
      );

      // E13 (the mock mixes in hiragana and half-width kana): every written kana is katakana
      for (const create of employeePlan.creates) {
        expect(create.lastNameKana).toMatch(/^[ァ-ヺー・ ]+$/u);
        expect(create.firstNameKana).toMatch(/^[ァ-ヺー・ ]+$/u);
        if (create.birthDate !== null) expect(create.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }

      // and the result is stable
      const employees = applyEmployees([], employeePlan);
      const again = planEmployeeSync({ snapshot, existing: employees, departments });
      expect(again.creates).toEqual([]);
      expect(again.updates).toEqual([]);
    },
  );

  it('F1/F2: a renamed field with an alias is still found; without one it is FIELD_NOT_FOUND', () => {
    const renamed = tenantOf({ defects: { renamedFields: ['氏', 'メールアドレス', '主部署'] } });
    const snapshot = renamed.payload as unknown as HrbrainSnapshot;
    const departments = applyDepartments([], planDepartmentSync({ snapshot, existing: [] }));
    expect(
      planEmployeeSync({ snapshot, existing: [], departments }).summary.created,
    ).toBeGreaterThan(0);

    for (const label of ['氏（カナ）', '性別']) {
      const tenant = tenantOf({ defects: { renamedFields: [label] } });
      expect(() =>
        planEmployeeSync({
          snapshot: tenant.payload as unknown as HrbrainSnapshot,
          existing: [],
          departments,
        }),
      ).toThrow(FieldNotFoundError);
    }
    const noAlias = tenantOf({ defects: { renamedFields: ['氏'], droppedAliases: ['氏'] } });
    expect(() =>
      planEmployeeSync({
        snapshot: noAlias.payload as unknown as HrbrainSnapshot,
        existing: [],
        departments,
      }),
    ).toThrow(/"氏"/);
  });

  it('J1/J2: runSync over the real client syncs departments then employees; a second run changes nothing', async () => {
    const tenant = tenantOf({ seed: 11, members: 120, defects: { missingKana: 2 } });
    const client = serve(tenant);
    const storage = createTestStorage();
    const departments = await runSync({
      tenantId: 't1',
      kind: 'departments',
      source: client,
      storage,
    });
    expect(departments.status).toBe('succeeded');
    const employees = await runSync({ tenantId: 't1', kind: 'employees', source: client, storage });
    expect(employees.status).toBe('completed_with_errors');
    expect(employees.summary).toMatchObject({ source: 120, skipped: 2, created: 118 });
    expect(storage.employees.get('t1')).toHaveLength(118);

    const again = await runSync({ tenantId: 't1', kind: 'employees', source: client, storage });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 118, skipped: 2 });
  });

  it('J2/C5: HRBrain refusing the secret fails the run with the client error code; the secret never shows', async () => {
    const tenant = tenantOf({ members: 5 });
    server.use(...createHrbrainHandlers(tenant));
    const client = createHrbrainClient({
      clientId: 'acme',
      clientSecret: `${SECRET}-wrong`,
      maxRetries: 0,
    });
    const storage = createTestStorage();
    const result = await runSync({ tenantId: 't1', kind: 'departments', source: client, storage });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('AUTHENTICATION_FAILED');
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(await storage.getRun('t1', result.id))).not.toContain(SECRET);
    expect(storage.calls).not.toContain('applyDepartmentPlan');
  });

  it('J2: HRBrain failing mid-snapshot fails the run with nothing applied', async () => {
    const tenant = tenantOf({ members: 250 });
    const client = serve(tenant, {
      faults: { serverError: { count: 5, status: 503, path: '/members/v1/members' } },
    });
    const storage = createTestStorage();
    const result = await runSync({ tenantId: 't1', kind: 'departments', source: client, storage });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('SERVER_ERROR');
    expect(result.plan).toBeNull();
    expect(storage.departments.get('t1')).toBeUndefined();
  });
});
