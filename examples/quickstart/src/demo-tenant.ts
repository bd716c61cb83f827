import { createFakeHrbrain, type FakeHrbrainOptions } from '@mikiwame/hrbrain-mock';

/**
 * The fake tenant `pnpm demo` syncs: `members` employees in a department tree, with the
 * defects a real HRBrain tenant has (per 1,000 members below), so the first run shows
 * warnings, skipped records and an error file, as the manual's 手順2/3 step 4 describes.
 */
const DEFECTS_PER_1000 = {
  missingKana: 4, // E2 EMPLOYEE_KANA_MISSING
  duplicateEmails: 3, // E4 EMPLOYEE_EMAIL_DUPLICATE (two members each)
  invalidEmployeeNumbers: 5, // E5 EMPLOYEE_NUMBER_INVALID (warning, still synced)
  unknownDepartments: 2, // E2 EMPLOYEE_DEPARTMENT_UNKNOWN
  invalidBirthDates: 2, // E9 EMPLOYEE_BIRTH_DATE_INVALID (warning)
  zonedBirthDates: 1, // E9 a 生年月日 such as 1988-06-30T15:00:00Z: warning, never shifted
  unknownPulldownValues: 1, // F3 FIELD_VALUE_UNKNOWN (warning, the stored value is kept)
  unknownDepartmentIds: 1, // F3 EMPLOYEE_DEPARTMENT_UNKNOWN naming an unknown 主部署 id
  missingNames: 1, // E2 EMPLOYEE_NAME_MISSING
  missingDepartmentCodes: 1, // D2 DEPARTMENT_CODE_MISSING
} as const;

export interface DemoTenantOptions {
  clientId: string;
  clientSecret: string;
  members: number;
  seed: number;
}

export function createDemoTenant(options: DemoTenantOptions) {
  const { members } = options;
  // Small tenants still get one of each defect (from 20 members), so every run shows them.
  const scale = (per1000: number) =>
    Math.max(members >= 20 ? 1 : 0, Math.round((members * per1000) / 1000));
  const defects = Object.fromEntries(
    Object.entries(DEFECTS_PER_1000).map(([name, per1000]) => [name, scale(per1000)]),
  ) as FakeHrbrainOptions['defects'];
  return createFakeHrbrain({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    seed: options.seed,
    members,
    departments: { count: Math.min(200, Math.max(8, Math.round(members / 20))), maxDepth: 5 },
    ...(defects ? { defects } : {}),
  });
}
