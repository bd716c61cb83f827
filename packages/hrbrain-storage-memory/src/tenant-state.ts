import type {
  EmployeeFields,
  ErrorRow,
  HrbrainConnection,
  SyncRun,
} from '@mikiwame/hrbrain-sync-core';

/** Data an app keeps on a record that the sync never maps (D8/E10): it survives every sync. */
export type ExtraAttributes = Record<string, unknown>;

/** A department as the memory store keeps it: the parent by id, like a foreign key. */
export interface DepartmentRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly sourceId: string | null;
  readonly extra: ExtraAttributes;
  /** Bumped on every write, so tests can prove unchanged rows are not rewritten. */
  readonly revision: number;
}

export interface EmployeeRow extends Readonly<EmployeeFields> {
  readonly id: string;
  readonly sourceId: string | null;
  readonly extra: ExtraAttributes;
  readonly revision: number;
}

export interface RunRow {
  readonly run: SyncRun;
  /** Creation order: "newest first" is exact even within one millisecond. */
  readonly sequence: number;
  readonly errors: readonly ErrorRow[];
}

/**
 * One tenant's data. Rows are never mutated in place: a write replaces the row in a copy of
 * the map, and the copy is swapped in only when the whole operation succeeded (J5).
 */
export interface TenantState {
  departments: ReadonlyMap<string, DepartmentRow>;
  employees: ReadonlyMap<string, EmployeeRow>;
  runs: ReadonlyMap<string, RunRow>;
  connection: HrbrainConnection | null;
}

export function emptyTenantState(): TenantState {
  return { departments: new Map(), employees: new Map(), runs: new Map(), connection: null };
}

export { emailKey } from '@mikiwame/hrbrain-sync-core/adapter';

/** The code of a department's parent, as the contract reports it. */
export function parentCodeOf(
  departments: ReadonlyMap<string, DepartmentRow>,
  row: DepartmentRow,
): string | null {
  if (row.parentId === null) return null;
  return departments.get(row.parentId)?.code ?? null;
}
