// Row <-> record conversions and thin wrappers around node:sqlite statements. Nothing here
// knows about plans or transactions; it is the part you rewrite for another driver.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  type Department,
  type Employee,
  type ErrorRow,
  StorageError,
  type SyncKind,
  type SyncRun,
} from '@mikiwame/hrbrain-sync-core';

export type Row = Record<string, SQLOutput>;
export type SQLOutput = string | number | bigint | null | Uint8Array;

export function all(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): Row[] {
  return db.prepare(sql).all(...params) as Row[];
}
export function one(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): Row | undefined {
  return db.prepare(sql).get(...params) as Row | undefined;
}
export function run(db: DatabaseSync, sql: string, ...params: SQLInputValue[]) {
  return db.prepare(sql).run(...params);
}

export const DEPARTMENT_SELECT = `select d.id, d.code, d.name, p.code as parent_code, d.source_id
  from departments d
  left join departments p on p.tenant_id = d.tenant_id and p.id = d.parent_id`;

export function findDepartment(
  db: DatabaseSync,
  tenantId: string,
  id: string,
): Department | undefined {
  const row = one(db, `${DEPARTMENT_SELECT} where d.tenant_id = ? and d.id = ?`, tenantId, id);
  return row ? toDepartment(row) : undefined;
}
export function findEmployee(db: DatabaseSync, tenantId: string, id: string): Employee | undefined {
  const row = one(db, 'select * from employees where tenant_id = ? and id = ?', tenantId, id);
  return row ? toEmployee(row) : undefined;
}

export function toSql(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return (value ?? null) as SQLInputValue;
}
export function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}
export function nullableString(value: SQLOutput | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function toDepartment(row: Row): Department {
  return {
    id: String(row.id),
    code: String(row.code),
    name: String(row.name),
    parentCode: nullableString(row.parent_code),
    sourceId: nullableString(row.source_id),
  };
}

export function toEmployee(row: Row): Employee {
  return {
    id: String(row.id),
    email: String(row.email),
    lastName: String(row.last_name),
    firstName: String(row.first_name),
    lastNameKana: String(row.last_name_kana),
    firstNameKana: String(row.first_name_kana),
    employeeNumber: nullableString(row.employee_number),
    birthDate: nullableString(row.birth_date),
    departmentCode: nullableString(row.department_code),
    position: nullableString(row.position),
    gender: nullableString(row.gender) as Employee['gender'],
    employmentType: nullableString(row.employment_type) as Employee['employmentType'],
    retired: Number(row.retired) === 1,
    sourceId: nullableString(row.source_id),
  };
}

export function getRun(db: DatabaseSync, tenantId: string, runId: string): SyncRun | null {
  const row = one(db, 'select * from sync_runs where tenant_id = ? and id = ?', tenantId, runId);
  return row ? toRun(row) : null;
}
export function mustGetRun(db: DatabaseSync, tenantId: string, runId: string): SyncRun {
  const found = getRun(db, tenantId, runId);
  if (!found) throw new StorageError(`Sync run ${runId} not found for tenant "${tenantId}".`);
  return found;
}

export function toRun(row: Row): SyncRun {
  const date = (value: SQLOutput | undefined) =>
    value === null || value === undefined ? null : new Date(Number(value));
  return {
    id: String(row.id),
    tenantId: String(row.tenant_id),
    kind: String(row.kind) as SyncKind,
    status: String(row.status) as SyncRun['status'],
    dryRun: Number(row.dry_run) === 1,
    trigger: {
      type: String(row.trigger_type ?? 'manual') as SyncRun['trigger']['type'],
      by: row.trigger_by === null || row.trigger_by === undefined ? null : String(row.trigger_by),
      deliveryId:
        row.trigger_delivery_id === null || row.trigger_delivery_id === undefined
          ? null
          : String(row.trigger_delivery_id),
    },
    createdAt: new Date(Number(row.created_at)),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
    summary: row.summary === null ? null : { linked: 0, ...JSON.parse(String(row.summary)) },
    errorCount: Number(row.error_count),
    warningCount: Number(row.warning_count),
    failure: row.failure === null ? null : JSON.parse(String(row.failure)),
  };
}

export function insertErrorRow(
  db: DatabaseSync,
  tenantId: string,
  runId: string,
  position: number,
  row: ErrorRow,
): void {
  run(
    db,
    `insert into sync_run_errors (tenant_id, run_id, position, severity, code, rule, source_id,
       source_key, field, value, message_ja, message_en, subject_name, subject_code)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    tenantId,
    runId,
    position,
    row.severity,
    row.code,
    row.rule,
    row.sourceId,
    row.sourceKey,
    row.field ?? null,
    row.value ?? null,
    row.messageJa,
    row.messageEn,
    row.subjectName ?? null,
    row.subjectCode ?? null,
  );
}

export function toErrorRow(row: Row): ErrorRow {
  const result: ErrorRow = {
    severity: String(row.severity) as ErrorRow['severity'],
    code: String(row.code) as ErrorRow['code'],
    rule: String(row.rule),
    sourceId: String(row.source_id),
    sourceKey: String(row.source_key),
    messageJa: String(row.message_ja),
    messageEn: String(row.message_en),
  };
  // Optional fields stay absent rather than `null`, as the planner produced them.
  if (row.field !== null) result.field = String(row.field);
  if (row.value !== null) result.value = String(row.value);
  if (row.subject_name !== null) result.subjectName = String(row.subject_name);
  if (row.subject_code !== null) result.subjectCode = String(row.subject_code);
  return result;
}
