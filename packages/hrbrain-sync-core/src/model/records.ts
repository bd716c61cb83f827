/**
 * Mikiwame-side records: what a tenant's store holds and what the planners compare against.
 */

/** Gender as Mikiwame stores it (rule E8). */
export type Gender = 'male' | 'female' | 'other';

/** Mikiwame employment types (rule E6). */
export type EmploymentType =
  | 'regular'
  | 'contract'
  | 'dispatched'
  | 'part_time'
  | 'outsourced'
  | 'other';

/** A department as stored for a tenant. `parentCode` is the parent's code (null for a root). */
export interface Department {
  id: string;
  /** 部署コード — the match key (D1), unique per tenant, compared exactly (D9). */
  code: string;
  name: string;
  parentCode: string | null;
  /** The HRBrain organization item id it was last synced from (D10); null if never synced. */
  sourceId?: string | null | undefined;
}

/** The mapped (synced) fields of a department: what a sync may write. */
export type DepartmentFields = Pick<Department, 'code' | 'name' | 'parentCode'>;

/** An employee as stored for a tenant. */
export interface Employee {
  id: string;
  /** The match key (E1): unique per tenant, compared trimmed and case-insensitively. */
  email: string;
  lastName: string;
  firstName: string;
  lastNameKana: string;
  firstNameKana: string;
  employeeNumber: string | null;
  /** ISO calendar date `YYYY-MM-DD` (E9, E13). */
  birthDate: string | null;
  departmentCode: string | null;
  position: string | null;
  gender: Gender | null;
  employmentType: EmploymentType | null;
  /** 退職者フラグ (E7): a sync sets it, never clears it. */
  retired: boolean;
  /** The HRBrain member id it was last synced from (E12); null if never synced. */
  sourceId?: string | null | undefined;
}

/** The mapped (synced) fields of an employee: what a sync may write. */
export type EmployeeFields = Omit<Employee, 'id' | 'sourceId'>;

/** Which sync: HRBrain部署情報取込 (`departments`) or HRBrain社員情報取込 (`employees`). */
export type SyncKind = 'departments' | 'employees';

/**
 * The department fields a plan may write: an update's `changes` name only these. Adapters
 * can use the list to refuse anything else.
 */
export const DEPARTMENT_SYNCED_FIELDS = ['code', 'name', 'parentCode', 'sourceId'] as const;

/** The employee fields a plan may write (the mapped fields plus `sourceId`, E12). */
export const EMPLOYEE_SYNCED_FIELDS = [
  'email',
  'lastName',
  'firstName',
  'lastNameKana',
  'firstNameKana',
  'employeeNumber',
  'birthDate',
  'departmentCode',
  'position',
  'gender',
  'employmentType',
  'retired',
  'sourceId',
] as const;
