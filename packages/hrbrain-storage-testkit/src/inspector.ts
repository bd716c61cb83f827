import type {
  EmployeeFields,
  ErrorRow,
  HrbrainConnection,
  SyncKind,
  SyncRunStatus,
} from '@mikiwame/hrbrain-sync-core';

/** A department row as the store really holds it (parent resolved back to its code). */
export interface StoredDepartment {
  id: string;
  code: string;
  name: string;
  parentCode: string | null;
  sourceId: string | null;
}

/** An employee row as the store really holds it. */
export interface StoredEmployee extends EmployeeFields {
  id: string;
  sourceId: string | null;
}

/** The part of a stored run the suite compares with what the adapter returns. */
export interface StoredRun {
  id: string;
  kind: SyncKind;
  status: SyncRunStatus;
}

/** The part of a stored connection the suite checks (the secret must be kept as given). */
export type StoredConnection = Pick<HrbrainConnection, 'clientId' | 'clientSecret'>;

/**
 * Read and write a column (or attribute) the sync does not map, e.g. a `note` column that
 * the app owns. Proves D8/E10: "only mapped columns are written".
 */
export interface UnmappedColumnAccess {
  /** Set the unmapped value of one row, bypassing the adapter. */
  set(kind: SyncKind, tenantId: string, id: string, value: string): Promise<void>;
  /** Read it back; `null` when the row has none. */
  get(kind: SyncKind, tenantId: string, id: string): Promise<string | null>;
}

/**
 * How the suite looks at what an adapter REALLY stored, bypassing the adapter's own reads
 * (SQL against the tables, a peek into the maps, …). Every method is scoped to one tenant;
 * order of the returned rows does not matter.
 *
 * Required: `departments`, `employees`, `runs`, `connection`. Optional parts switch on the
 * checks that need them; when one is missing, those checks are reported as skipped.
 */
export interface StorageInspector {
  departments(tenantId: string): Promise<StoredDepartment[]>;
  employees(tenantId: string): Promise<StoredEmployee[]>;
  runs(tenantId: string): Promise<StoredRun[]>;
  connection(tenantId: string): Promise<StoredConnection | null>;
  /** The error rows stored for a run, in stored order. */
  runErrors?(tenantId: string, runId: string): Promise<ErrorRow[]>;
  /**
   * An opaque token per row id that changes whenever the row is written (Postgres: `xmin`;
   * memory: a write counter). Proves unchanged rows are not rewritten (D8/E10).
   */
  revisions?(kind: SyncKind, tenantId: string): Promise<Record<string, string | number>>;
  /** Access to a column the sync does not map (D8/E10). */
  unmapped?: UnmappedColumnAccess;
  /**
   * Fault injection for the atomic-outcome checks: from now until `remove()`, every write of
   * a run outcome for this tenant fails AFTER `applyPlan` has written the plan's data in the
   * same transaction (Postgres/SQLite: a trigger on the runs table that raises; memory: the
   * `beforeOutcomeWrite` hook).
   */
  failOutcomeWrites?(tenantId: string): Promise<{ remove(): Promise<void> }>;
}
