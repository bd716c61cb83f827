import type { ColumnInfo, Introspection } from './check';
import type { MappedKeyType, ResolvedField, ResolvedMapping, ResolvedTable } from './mapping';

/**
 * The SQL pieces of one mapped table, built once from the mapping and the catalog: quoted
 * names, the cast of every bound array, the tenant condition. Nothing here is data: values
 * are always bound parameters.
 */
export interface TableSql {
  table: ResolvedTable;
  /** `"public"."staff"` */
  name: string;
  /** Condition on the tenant for alias `a` (`$1` is the tenant id), or `true` (single tenant). */
  tenantIs(alias: string): string;
  /** Tenant column + `$1` for inserts, or nothing. */
  tenantInsert: { column: string; value: string } | null;
  /** Array cast of the id column, e.g. `bigint[]`. */
  idArray: string;
  /** The id column lets the database number new rows (a default or identity). */
  idHasDefault: boolean;
  /** Per mapped field: the array cast its values are bound with. */
  arrayType(field: ResolvedField): string;
  /** The field by name, when mapped. */
  field(name: string): ResolvedField | undefined;
  /** The `date` column kind of birthDate (a text column holds the ISO string as is). */
  isDateColumn(field: ResolvedField): boolean;
}

const keyCast: Record<MappedKeyType, string> = { bigint: 'bigint', uuid: 'uuid', text: 'text' };

export function tableSql(table: ResolvedTable, columns: Map<string, ColumnInfo>): TableSql {
  const tenant = table.tenant;
  const tenantCast = tenant ? keyCast[tenant.type] : 'text';
  const info = (column: string) => columns.get(column)!;
  const byName = new Map(table.fields.map((f) => [f.field, f]));
  return {
    table,
    name: table.quoted,
    // Single tenant: no column; `$1` is still referenced so every statement binds it alike.
    tenantIs: (alias) =>
      tenant ? `${alias}.${tenant.quoted} = $1::${tenantCast}` : '($1::text is not null)',
    tenantInsert: tenant ? { column: tenant.quoted, value: `$1::${tenantCast}` } : null,
    idArray: `${info(table.id.column).castType}[]`,
    idHasDefault: info(table.id.column).hasDefault,
    arrayType: (field) =>
      field.kind === 'link' && field.by === 'id' ? 'text[]' : `${info(field.column).castType}[]`,
    field: (name) => byName.get(name),
    isDateColumn: (field) => info(field.column).typname === 'date',
  };
}

/** Both tables' SQL pieces, once the catalog has been read and the check passed. */
export interface MappedSql {
  single: string | null;
  departments: TableSql;
  employees: TableSql;
}

export function mappedSql(mapping: ResolvedMapping, info: Introspection): MappedSql {
  return {
    single: mapping.single,
    departments: tableSql(mapping.departments, info.departments!),
    employees: tableSql(mapping.employees, info.employees!),
  };
}

/** `(select p.code from departments p where <tenant> and p.id = <ref>)`: an id back to its code. */
export function codeOfId(departments: TableSql, ref: string): string {
  const code = departments.field('code')!.quoted;
  const id = departments.table.id.quoted;
  return `(select p.${code} from ${departments.name} p where ${departments.tenantIs('p')} and p.${id} = ${ref})`;
}

/** `(select p.id from departments p where <tenant> and p.code = <code>)`. */
export function idOfCode(departments: TableSql, code: string): string {
  const column = departments.field('code')!.quoted;
  const id = departments.table.id.quoted;
  return `(select p.${id} from ${departments.name} p where ${departments.tenantIs('p')} and p.${column} = ${code})`;
}

/** `exists (…)` a department with that code. */
export function departmentExists(departments: TableSql, code: string): string {
  const column = departments.field('code')!.quoted;
  return `exists (select 1 from ${departments.name} p where ${departments.tenantIs('p')} and p.${column} = ${code})`;
}
