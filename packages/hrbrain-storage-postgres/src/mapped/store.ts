import {
  type Department,
  type DepartmentPlan,
  type Employee,
  type EmployeePlan,
  StalePlanError,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import type { CheckedPlan } from '@mikiwame/hrbrain-sync-core/adapter';
import type { AppliedCounts } from '../apply-links';
import { MappingError } from '../errors';
import type { Driver, SqlSession } from '../session';
import { applyMappedDepartmentPlan, applyMappedEmployeePlan } from './apply';
import { checkMapping, type MappingCheckResult } from './check';
import { loadMappedDepartments, loadMappedEmployees } from './load';
import { type RecordsMapping, type ResolvedMapping, resolveMapping } from './mapping';
import { type MappedSql, mappedSql } from './sql';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The records store on the application's own tables. */
export interface MappedRecords {
  readonly mapping: ResolvedMapping;
  /** The sync fields each table keeps (the others are not synced). */
  readonly syncedFields: { departments: string[]; employees: string[] };
  check(): Promise<MappingCheckResult>;
  loadDepartments(tenantId: string): Promise<Department[]>;
  loadEmployees(tenantId: string): Promise<Employee[]>;
  /**
   * Check the tables once (cached after success; `MappingError` on a problem) and return the
   * SQL pieces. Call it before opening the transaction of an apply: with one shared session
   * (PGlite, a pg.Client) a catalog query inside would wait for the transaction forever.
   */
  prepare(): Promise<MappedSql>;
  /** Refuse a tenant id the mapped tables cannot hold (type) or do not hold (single tenant). */
  assertTenant(tenantId: string): void;
  /** Apply inside the caller's transaction (so the caller may write more in the same one). */
  applyDepartmentPlan(
    tx: SqlSession,
    sql: MappedSql,
    tenantId: string,
    plan: CheckedPlan<DepartmentPlan>,
  ): Promise<AppliedCounts>;
  applyEmployeePlan(
    tx: SqlSession,
    sql: MappedSql,
    tenantId: string,
    plan: CheckedPlan<EmployeePlan>,
  ): Promise<AppliedCounts>;
  /** A unique violation of a create as `StalePlanError` (the index is the create's stale check). */
  staleOnConflict(tenantId: string): (error: unknown) => never;
  /**
   * A mapped table or column gone since the check (SQLSTATE 42P01/42703): forget the check, so
   * the next call checks again, and say so instead of the adapter's "run migrate()" advice.
   */
  changedSinceCheck(error: unknown): never;
}

export function createMappedRecords(driver: Driver, input: RecordsMapping): MappedRecords {
  const mapping = resolveMapping(input);
  let ready: Promise<MappedSql> | undefined;
  const sql = () => {
    if (ready) return ready;
    const checking = checkMapping(driver, mapping).then(({ result, info }) => {
      if (!result.ok) throw new MappingError(undefined, { problems: result.problems });
      return mappedSql(mapping, info);
    });
    // A failed check is not remembered: fix the tables and the next call checks again.
    checking.catch(() => {
      if (ready === checking) ready = undefined;
    });
    ready = checking;
    return checking;
  };

  const tenant = (tenantId: string): string => {
    if (typeof tenantId !== 'string' || tenantId === '') {
      throw new StorageError('Postgres storage: tenantId must be a non-empty string.');
    }
    if (mapping.single !== null) {
      if (tenantId !== mapping.single) {
        throw new StorageError(
          `Postgres storage: the mapped tables hold tenant ${JSON.stringify(mapping.single)} only (mapping.tenant.single); refused a call for another tenant id.`,
        );
      }
      return tenantId;
    }
    const type = mapping.employees.tenant!.type;
    const fits =
      type === 'text' ||
      (type === 'uuid' && uuid.test(tenantId)) ||
      (type === 'bigint' && /^-?\d{1,19}$/.test(tenantId) && BigInt(tenantId) < 2n ** 63n);
    if (!fits) {
      throw new StorageError(
        `Postgres storage: tenant id ${JSON.stringify(tenantId)} is not a ${type} (mapping.tenant.type: the tenant column ${mapping.employees.tenant!.column} holds ${type} values).`,
      );
    }
    return tenantId;
  };

  const synced = (table: ResolvedMapping['departments']) => [
    ...table.fields.map((f) => f.field),
    ...(table.sourceId ? ['sourceId'] : []),
  ];

  return {
    mapping,
    syncedFields: {
      departments: synced(mapping.departments),
      employees: synced(mapping.employees),
    },
    check: async () => (await checkMapping(driver, mapping)).result,
    loadDepartments: async (tenantId) => {
      const id = tenant(tenantId);
      return loadMappedDepartments(driver, await sql(), id);
    },
    loadEmployees: async (tenantId) => {
      const id = tenant(tenantId);
      return loadMappedEmployees(driver, await sql(), id);
    },
    prepare: sql,
    assertTenant: (tenantId) => {
      tenant(tenantId);
    },
    applyDepartmentPlan: (tx, prepared, tenantId, plan) =>
      applyMappedDepartmentPlan(tx, prepared, tenant(tenantId), plan),
    applyEmployeePlan: (tx, prepared, tenantId, plan) =>
      applyMappedEmployeePlan(tx, prepared, tenant(tenantId), plan),
    changedSinceCheck: (error) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== '42P01' && code !== '42703') throw error;
      ready = undefined;
      throw new StorageError(
        `Postgres storage: a mapped table or column is gone since the mapping was checked (${error instanceof Error ? error.message : String(error)}); nothing was written. Run storage.check() to see what no longer fits.`,
        { cause: error },
      );
    },
    staleOnConflict:
      (tenantId) =>
      (error: unknown): never => {
        const { code, detail, table } = (error ?? {}) as Record<string, unknown>;
        if (code !== '23505') throw error;
        const values =
          typeof detail === 'string'
            ? /^Key \(.*?\)=\((.*)\) already exists\.$/s.exec(detail)?.[1]
            : undefined;
        const prefix = `${tenantId}, `;
        const key =
          values === undefined
            ? undefined
            : mapping.single !== null
              ? values
              : values.startsWith(prefix)
                ? values.slice(prefix.length)
                : undefined;
        const subject =
          table === mapping.departments.name.split('.')[1]
            ? 'A department with code'
            : table === mapping.employees.name.split('.')[1]
              ? 'An employee with e-mail'
              : 'A record with the same key';
        throw new StalePlanError(
          `${subject}${key === undefined ? '' : ` ${JSON.stringify(key)}`} already exists: it was stored after the plan was made, or the plan creates it twice. Nothing was written; plan the sync again.`,
          key === undefined ? {} : { key },
        );
      },
  };
}
