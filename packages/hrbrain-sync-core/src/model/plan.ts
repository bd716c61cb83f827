import type { Department, DepartmentFields, Employee, EmployeeFields, SyncKind } from './records';

/** Every code a row of the error file can carry (rules D*, E*, F*, J*). */
export type ErrorCode =
  | 'DEPARTMENT_CODE_MISSING'
  | 'DEPARTMENT_TOO_DEEP'
  | 'DEPARTMENT_CODE_DUPLICATE'
  | 'DEPARTMENT_PARENT_SKIPPED'
  | 'DEPARTMENT_PARENT_CYCLE'
  | 'DEPARTMENT_PARENT_NOT_FOUND'
  | 'DEPARTMENT_CODE_CHANGED'
  | 'DEPARTMENT_ID_DUPLICATE'
  | 'EMPLOYEE_DEPARTMENT_UNKNOWN'
  | 'EMPLOYEE_NAME_MISSING'
  | 'EMPLOYEE_KANA_MISSING'
  | 'EMPLOYEE_EMAIL_MISSING'
  | 'EMPLOYEE_EMAIL_DUPLICATE'
  | 'EMPLOYEE_ID_DUPLICATE'
  | 'EMPLOYEE_NUMBER_INVALID'
  | 'EMPLOYEE_BIRTH_DATE_INVALID'
  | 'EMPLOYEE_EMAIL_CHANGED'
  | 'FIELD_VALUE_UNKNOWN';

/** One row of the error file (J3): an error (record skipped) or a warning (record still synced). */
export interface ErrorRow {
  severity: 'error' | 'warning';
  code: ErrorCode;
  /** The rule it implements, e.g. `E4`. */
  rule: string;
  /** HRBrain member id or organization item id. */
  sourceId: string;
  /** The record's key in HRBrain terms: e-mail for members, code for departments (may be empty). */
  sourceKey: string;
  /** The Mikiwame field concerned, e.g. `employeeNumber`. */
  field?: string | undefined;
  /** The offending value as HRBrain sent it (never a secret). */
  value?: string | undefined;
  /**
   * Who the row is about, for the admin (J3): 氏名 as `姓 名` for members, 部署名 for
   * departments. Absent when HRBrain has none (and on rows stored before it existed).
   */
  subjectName?: string | undefined;
  /** 従業員番号 (members, as HRBrain sent it) or 部署コード (departments); absent when none. */
  subjectCode?: string | undefined;
  /** What to fix, in Japanese, for an HR admin. */
  messageJa: string;
  /** The same in English. */
  messageEn: string;
}

/** One changed field of an update. */
export interface FieldChange<F extends string = string> {
  field: F;
  from: unknown;
  to: unknown;
}

/** Counts of a plan (J4): `source` = created + updated + linked + unchanged + skipped. */
export interface PlanSummary {
  source: number;
  created: number;
  /** Records with a mapped value that changes (what an admin sees as 更新). */
  updated: number;
  /**
   * Records whose mapped values already matched: only their HRBrain id (D10/E12) is
   * recorded. What a first sync of a tenant with existing records reports; not an update,
   * and the change guard (J7) does not count it. Stored summaries from before it read as 0.
   */
  linked: number;
  unchanged: number;
  skipped: number;
  /** Number of warning rows. */
  warnings: number;
  /** Target records not in the source (left untouched, D7/E10). */
  notInSource: number;
}

/** A department to create (D1), with the HRBrain item id it comes from (D10). */
export interface DepartmentCreate extends DepartmentFields {
  sourceId: string;
}

/**
 * An update. Adapters write exactly the fields named in `changes` (to their `to` values)
 * and must refuse the whole plan (`StalePlanError`) when a row no longer holds the `from`
 * values the plan saw.
 */
export interface DepartmentUpdate {
  id: string;
  sourceId: string;
  /** The full mapped record after the update. */
  values: DepartmentFields;
  changes: FieldChange<keyof DepartmentFields | 'sourceId'>[];
}

/** An employee to create (E1), with the HRBrain member id it comes from (E12). */
export interface EmployeeCreate extends EmployeeFields {
  sourceId: string;
}

/** An employee update; written exactly as {@link DepartmentUpdate} is. */
export interface EmployeeUpdate {
  id: string;
  sourceId: string;
  /** The full mapped record after the update. */
  values: EmployeeFields;
  changes: FieldChange<keyof EmployeeFields | 'sourceId'>[];
}

/** A source record that was not synced, with the codes of its error rows. */
export interface SkippedRecord {
  sourceId: string;
  sourceKey: string;
  codes: ErrorCode[];
}

/**
 * A source record whose target already holds every mapped value but not (this) HRBrain id
 * (J4 `linked`): adapters write only its `sourceId`, nothing else.
 */
export interface LinkedRecord {
  /** The target record's id. */
  id: string;
  /** The HRBrain id to record (D10/E12). */
  sourceId: string;
  /** Its match key: the code (departments) or the source e-mail (employees). */
  key: string;
}

/** A source record whose target needs no write (D8/E10). */
export interface UnchangedRecord {
  /** The target record's id. */
  id: string;
  sourceId: string;
  /** Its match key: the code (departments) or the source e-mail (employees). */
  key: string;
}

interface PlanBase<K extends SyncKind> {
  kind: K;
  /** Records that only get their HRBrain id recorded (J4 `linked`); sorted by key. */
  links: LinkedRecord[];
  unchanged: UnchangedRecord[];
  skipped: SkippedRecord[];
  errors: ErrorRow[];
  summary: PlanSummary;
}

/** What a department sync would do; see `planDepartmentSync`. */
export interface DepartmentPlan extends PlanBase<'departments'> {
  /** Ordered parents first. */
  creates: DepartmentCreate[];
  updates: DepartmentUpdate[];
  notInSource: Pick<Department, 'id' | 'code'>[];
}

/** What an employee sync would do; see `planEmployeeSync`. */
export interface EmployeePlan extends PlanBase<'employees'> {
  creates: EmployeeCreate[];
  updates: EmployeeUpdate[];
  notInSource: Pick<Employee, 'id' | 'email'>[];
}

/** Either plan; `kind` tells them apart. */
export type SyncPlan = DepartmentPlan | EmployeePlan;
