// The sync core against the fake HRBrain: generated tenants with every defect knob (the mock
// reports which records it spoiled), and runSync over the real client through msw.
import { createHrbrainClient, type HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import {
  createFakeHrbrain,
  createHrbrainHandlers,
  type FakeHrbrainOptions,
  type HrbrainFaults,
} from '@mikiwame/hrbrain-mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ErrorCode,
  FieldNotFoundError,
  planDepartmentSync,
  planEmployeeSync,
  runFullSync,
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
    // The members read belongs to the employees run (a departments run reads none).
    const result = await runSync({ tenantId: 't1', kind: 'employees', source: client, storage });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('SERVER_ERROR');
    expect(result.plan).toBeNull();
    expect(storage.employees.get('t1')).toBeUndefined();
  });
});

describe('issue 12: each run reads only what it needs (requests counted at the fake HRBrain)', () => {
  const MEMBERS = 'GET /members/v1/members';
  function counted(tenant: ReturnType<typeof tenantOf>, faults: HrbrainFaults = {}) {
    const handlers = createHrbrainHandlers(tenant, { faults });
    server.use(...handlers);
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET, maxRetries: 0 });
    const membersRequests = () => handlers.requests.filter((r) => r.path === '/members/v1/members');
    const organizations = () =>
      handlers.requests
        .filter((r) => r.path.includes('/organization/'))
        .map((r) => r.path.split('/')[4]);
    return { handlers, client, membersRequests, organizations };
  }
  const fieldIdsOfColumns = (search: string) =>
    new URLSearchParams(search).get('columns')?.split(',').sort();
  const MAPPED = [
    'fld-bd',
    'fld-bfn',
    'fld-bfnk',
    'fld-bln',
    'fld-blnk',
    'fld-emp',
    'fld-fn',
    'fld-fnk',
    'fld-gender',
    'fld-ln',
    'fld-lnk',
    'fld-mail',
    'fld-no',
    'fld-pos',
    'fld-status',
    'fld-team',
  ];

  it('F1: a departments run makes no members request and reads only the organization behind 主部署', async () => {
    const tenant = tenantOf({ members: 250, departments: { count: 20 } });
    const { handlers, client, organizations } = counted(tenant);
    const storage = createTestStorage();
    const run = await runSync({ tenantId: 't1', kind: 'departments', source: client, storage });
    expect(run.status).not.toBe('failed');
    expect(run.summary?.created).toBe(20);
    expect(handlers.requestCounts()[MEMBERS]).toBeUndefined();
    expect(organizations()).toEqual(['org-dept']);
  });

  it('F1/F2: an employees run asks for columns= with the mapped fields only (not 入社日), and only their organizations', async () => {
    const tenant = tenantOf({ members: 250, departments: { count: 20 } });
    const { client, membersRequests, organizations } = counted(tenant);
    const storage = createTestStorage();
    await runSync({ tenantId: 't1', kind: 'departments', source: client, storage });
    const run = await runSync({ tenantId: 't1', kind: 'employees', source: client, storage });
    expect(run.status).not.toBe('failed');
    expect(run.summary?.created).toBeGreaterThan(200);
    expect(membersRequests().length).toBe(3); // 250 members, pages of 100
    for (const request of membersRequests()) {
      // The tenant defines 入社日 (fld-entered) too: not mapped, so not asked for.
      expect(fieldIdsOfColumns(request.search)).toEqual(
        MAPPED.filter((id) => tenant.payload.fields.some((f) => f.id === id)),
      );
    }
    expect(organizations().sort()).toEqual([
      'org-dept',
      'org-dept',
      'org-emptype',
      'org-pos',
      'org-status',
    ]);
  });

  it('E11: a full sync reads HRBrain once for its two recorded runs (HRBrain部署情報取込, HRBrain社員情報取込)', async () => {
    const tenant = tenantOf({ members: 250, departments: { count: 20 } });
    const { handlers, client, membersRequests } = counted(tenant);
    const storage = createTestStorage();
    const { departments, employees } = await runFullSync({
      tenantId: 't1',
      source: client,
      storage,
    });
    expect(departments.kind).toBe('departments');
    expect(employees?.kind).toBe('employees');
    expect(departments.status).not.toBe('failed');
    expect(employees?.status).not.toBe('failed');
    expect(departments.summary?.created).toBe(20);
    expect(employees?.summary?.created).toBeGreaterThan(200);
    expect(handlers.requestCounts()['GET /members/v1/fields']).toBe(1);
    expect(membersRequests().length).toBe(3); // one read of 250 members
    const runs = await storage.listRuns('t1', {});
    expect(runs.runs.map((r) => r.kind).sort()).toEqual(['departments', 'employees']);
    // the same outcome as two separate runs on a fresh tenant
    const separate = createTestStorage();
    await runSync({ tenantId: 't1', kind: 'departments', source: client, storage: separate });
    const alone = await runSync({
      tenantId: 't1',
      kind: 'employees',
      source: client,
      storage: separate,
    });
    expect(employees?.summary).toEqual(alone.summary);
    expect(employees?.plan).toEqual(alone.plan);
  });

  it('E11: when the departments run of a full sync fails, the employees run is not started', async () => {
    const tenant = tenantOf({ members: 50, departments: { count: 5 } });
    const { client } = counted(tenant, {
      serverError: { count: 5, status: 503, path: '/members/v1/fields' },
    });
    const storage = createTestStorage();
    const { departments, employees } = await runFullSync({
      tenantId: 't1',
      source: client,
      storage,
    });
    expect(departments.status).toBe('failed');
    expect(employees).toBeNull();
    expect((await storage.listRuns('t1', {})).runs).toHaveLength(1);
  });

  it('a server that ignores columns= gives the same plan (the client keeps the mapped fields only)', async () => {
    const tenant = tenantOf({ members: 120, departments: { count: 8 } });
    const storage = createTestStorage();
    const ignoring = counted(tenant, { ignoreColumns: true });
    const first = await runFullSync({ tenantId: 't1', source: ignoring.client, storage });
    server.resetHandlers();
    const honouring = counted(tenant);
    const other = createTestStorage();
    const second = await runFullSync({ tenantId: 't1', source: honouring.client, storage: other });
    expect(first.employees?.plan).toEqual(second.employees?.plan);
    expect(first.departments.plan).toEqual(second.departments.plan);
  });

  it('J4: runSync counts unchanged records without listing them, unless listUnchanged (a dry-run preview)', async () => {
    const tenant = tenantOf({ members: 60, departments: { count: 6 } });
    const { client } = counted(tenant);
    const storage = createTestStorage();
    await runFullSync({ tenantId: 't1', source: client, storage });
    const again = await runFullSync({ tenantId: 't1', source: client, storage });
    expect(again.employees?.summary?.unchanged).toBeGreaterThan(50);
    expect(again.employees?.plan?.unchanged).toEqual([]);
    const preview = await runSync({
      tenantId: 't1',
      kind: 'employees',
      source: client,
      storage,
      dryRun: true,
      listUnchanged: true,
    });
    expect(preview.plan?.unchanged).toHaveLength(again.employees!.summary!.unchanged);
  });
});
