import { DEPARTMENT_SYNCED_FIELDS, EMPLOYEE_SYNCED_FIELDS } from '@mikiwame/hrbrain-sync-core';
import { PostgresStorageConfigError } from '../errors';

/**
 * The mapping of the records store onto an application's own tables: which table, which
 * columns, which id and tenant types, which value codes. Logical names (the sync's fields)
 * stay on the left, physical names (the app's) on the right; the department link always
 * points at the departments *mapping*, never at a table name guessed from a column.
 */

/** How an id or tenant column is typed: `bigint` covers smallint/integer/bigint, serial, identity. */
export type MappedKeyType = 'bigint' | 'uuid' | 'text';

/** A value stored in a value-mapped column: the app's own code for a sync value. */
export type StoredCode = string | number | boolean;

/** A mapped field: its column, and for enumerated fields the app's codes for each sync value. */
export interface MappedColumn<V extends string = string> {
  column: string;
  /**
   * The app's code for each sync value, e.g. `{ male: 1, female: 2, other: 9 }`. Used both
   * ways: values are written as codes, codes are read back as values (so the stale check
   * compares like with like). Every value the sync can write must have a code, and no two
   * values may share one. A stored code not in the map is read back as it is (as text).
   */
  values?: Readonly<Record<V, StoredCode>>;
}

/** A link to a department: by its code (a text column) or by its id (the departments' id column). */
export interface DepartmentLink {
  column: string;
  /** `code`: the column holds the department code; `id`: it holds the department's id. */
  by: 'code' | 'id';
}

/** A column name, or a column with value codes. */
export type ColumnRef<V extends string = string> = string | MappedColumn<V>;

interface TableMappingBase {
  /** Schema-qualified table name as it is spelled in the database, e.g. `public.staff`. */
  table: string;
  /**
   * The tenant column (multi-tenant tables: required; its type is `tenant.type` of the
   * mapping). Leave it out for a single-tenant app (`tenant: { single: … }`).
   */
  tenantColumn?: string;
  /** The primary key (or a unique column) and its type. New rows get its default, else a UUID. */
  id: { column: string; type: MappedKeyType };
  /** Where the HRBrain id is remembered (D10/E12). Optional; without it nothing is linked. */
  sourceIdColumn?: string;
  /** A timestamp column set to `now()` on every row a sync writes (never on unchanged rows). */
  updatedAtColumn?: string;
}

/** The departments table. `code` and `name` are required; `parentCode` is optional. */
export interface DepartmentTableMapping extends TableMappingBase {
  columns: {
    code: string;
    name: string;
    parentCode?: DepartmentLink;
  };
}

/**
 * The employees table. The e-mail (the match key, E1) and the four name fields (required by
 * E2) must be mapped; any other field left out is simply not synced.
 */
export interface EmployeeTableMapping extends TableMappingBase {
  columns: {
    email: string;
    lastName: string;
    firstName: string;
    lastNameKana: string;
    firstNameKana: string;
    employeeNumber?: string;
    /** A `date` column (or text, holding `YYYY-MM-DD`). */
    birthDate?: string;
    departmentCode?: DepartmentLink;
    position?: string;
    gender?: ColumnRef<'male' | 'female' | 'other'>;
    employmentType?: ColumnRef<
      'regular' | 'contract' | 'dispatched' | 'part_time' | 'outsourced' | 'other'
    >;
    /** A boolean column, or any column with codes for `true` and `false`. */
    retired?: ColumnRef<'true' | 'false'>;
  };
}

/** The records store of `createPostgresStorage({ client, mapping })`: the app's own tables. */
export interface RecordsMapping {
  /**
   * Multi-tenant tables: the type of their tenant column (`tenantId` values are cast to it).
   * A single-tenant app: `{ single: '<tenant id>' }`; the tables then hold that tenant only
   * and every call for another tenant id is refused.
   */
  tenant: { type: MappedKeyType } | { single: string };
  departments: DepartmentTableMapping;
  employees: EmployeeTableMapping;
}

/** Identity helper that type-checks a mapping where it is written (e.g. in its own file). */
export function defineRecordsMapping<const M extends RecordsMapping>(mapping: M): M {
  return mapping;
}

// ---------------------------------------------------------------------------------------
// Resolved form: quoted names, per field how it is read and written.

export type FieldKind = 'text' | 'date' | 'boolean' | 'enum' | 'link';

/** One mapped field, resolved. */
export interface ResolvedField {
  /** The sync field, e.g. `gender`. */
  field: string;
  column: string;
  /** Quoted column name. */
  quoted: string;
  kind: FieldKind;
  /** May the sync write null into it? */
  nullable: boolean;
  /** Value maps both ways (logical → code text, code text → logical). */
  toCode?: ReadonlyMap<string, string>;
  fromCode?: ReadonlyMap<string, string>;
  /** The JS type of the codes (what the column must hold). */
  codeType?: 'string' | 'number' | 'boolean';
  /** Department links: by code or by id. */
  by?: 'code' | 'id';
}

export interface ResolvedTable {
  kind: 'departments' | 'employees';
  /** As written in the mapping, e.g. `public.staff`. */
  name: string;
  /** Quoted, e.g. `"public"."staff"`. */
  quoted: string;
  tenant: { column: string; quoted: string; type: MappedKeyType } | null;
  id: { column: string; quoted: string; type: MappedKeyType };
  sourceId: { column: string; quoted: string } | null;
  updatedAt: { column: string; quoted: string } | null;
  fields: ResolvedField[];
}

export interface ResolvedMapping {
  single: string | null;
  departments: ResolvedTable;
  employees: ResolvedTable;
}

const GENDERS = ['male', 'female', 'other'];
const EMPLOYMENT_TYPES = ['regular', 'contract', 'dispatched', 'part_time', 'outsourced', 'other'];
const KEY_TYPES = ['bigint', 'uuid', 'text'];

/** Quote one identifier exactly as written (names are case-sensitive once quoted). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// The fields a mapping may name: the core's synced fields, less the HRBrain id (its own option).
const DEPARTMENT_FIELDS: readonly string[] = DEPARTMENT_SYNCED_FIELDS.filter(
  (f) => f !== 'sourceId',
);
const EMPLOYEE_FIELDS: readonly string[] = EMPLOYEE_SYNCED_FIELDS.filter((f) => f !== 'sourceId');
const REQUIRED: Record<'departments' | 'employees', readonly string[]> = {
  departments: ['code', 'name'],
  employees: ['email', 'lastName', 'firstName', 'lastNameKana', 'firstNameKana'],
};

/** Fields the planner may set to null (the column must then accept null). */
const NULLABLE = new Set([
  'parentCode',
  'employeeNumber',
  'birthDate',
  'departmentCode',
  'position',
  'gender',
  'employmentType',
]);

/**
 * Check the mapping's shape (no database needed) and resolve it. Throws one
 * `PostgresStorageConfigError` (option `mapping`)
 * listing every problem, each with the path of the option at fault.
 */
export function resolveMapping(input: RecordsMapping): ResolvedMapping {
  const problems: string[] = [];
  const at = (path: string, message: string) => problems.push(`mapping.${path}: ${message}`);
  if (typeof input !== 'object' || input === null) {
    throw new PostgresStorageConfigError(
      'createPostgresStorage: `mapping` must be an object { tenant, departments, employees }.',
      { option: 'mapping' },
    );
  }
  const tenant = input.tenant as { type?: unknown; single?: unknown } | undefined;
  let single: string | null = null;
  let tenantType: MappedKeyType | null = null;
  if (typeof tenant !== 'object' || tenant === null) {
    at('tenant', "must be { type: 'bigint' | 'uuid' | 'text' } or { single: '<tenant id>' }");
  } else if ('single' in tenant) {
    if (typeof tenant.single !== 'string' || tenant.single === '') {
      at('tenant.single', 'must be the non-empty tenant id the tables belong to');
    } else single = tenant.single;
  } else if (typeof tenant.type === 'string' && KEY_TYPES.includes(tenant.type)) {
    tenantType = tenant.type as MappedKeyType;
  } else {
    at('tenant.type', `must be one of ${KEY_TYPES.join(', ')}`);
  }

  const table = (kind: 'departments' | 'employees'): ResolvedTable => {
    const raw = (input as unknown as Record<string, unknown>)[kind] as
      | (TableMappingBase & { columns?: Record<string, unknown> })
      | undefined;
    const empty: ResolvedTable = {
      kind,
      name: '',
      quoted: '',
      tenant: null,
      id: { column: '', quoted: '', type: 'text' },
      sourceId: null,
      updatedAt: null,
      fields: [],
    };
    if (typeof raw !== 'object' || raw === null) {
      at(kind, 'must be an object { table, id, columns, … }');
      return empty;
    }
    const columnName = (path: string, value: unknown): string | null => {
      if (typeof value !== 'string' || value === '' || value.includes('\0')) {
        at(path, 'must be a column name (a non-empty string)');
        return null;
      }
      if (new TextEncoder().encode(value).length > 63) {
        at(path, `"${value}" is longer than 63 bytes, the PostgreSQL limit`);
        return null;
      }
      return value;
    };
    let name = '';
    let quoted = '';
    const parts = typeof raw.table === 'string' ? raw.table.split('.') : [];
    if (parts.length !== 2 || parts.some((p) => p === '' || p.includes('\0'))) {
      at(`${kind}.table`, 'must be a schema-qualified table name such as "public.staff"');
    } else {
      name = raw.table;
      quoted = parts.map(quoteIdent).join('.');
    }
    let tenantColumn: ResolvedTable['tenant'] = null;
    if (tenantType !== null) {
      const column = columnName(`${kind}.tenantColumn`, raw.tenantColumn);
      if (column) tenantColumn = { column, quoted: quoteIdent(column), type: tenantType };
    } else if (single !== null && raw.tenantColumn !== undefined) {
      at(`${kind}.tenantColumn`, 'a single-tenant mapping (tenant.single) has no tenant column');
    }
    const idRaw = raw.id as { column?: unknown; type?: unknown } | undefined;
    let id = empty.id;
    if (typeof idRaw !== 'object' || idRaw === null) {
      at(`${kind}.id`, "must be { column, type: 'bigint' | 'uuid' | 'text' }");
    } else {
      const column = columnName(`${kind}.id.column`, idRaw.column);
      if (typeof idRaw.type !== 'string' || !KEY_TYPES.includes(idRaw.type)) {
        at(`${kind}.id.type`, `must be one of ${KEY_TYPES.join(', ')}`);
      } else if (column) {
        id = { column, quoted: quoteIdent(column), type: idRaw.type as MappedKeyType };
      }
    }
    const optional = (path: string, value: unknown) => {
      if (value === undefined) return null;
      const column = columnName(`${kind}.${path}`, value);
      return column ? { column, quoted: quoteIdent(column) } : null;
    };
    const sourceId = optional('sourceIdColumn', raw.sourceIdColumn);
    const updatedAt = optional('updatedAtColumn', raw.updatedAtColumn);

    const fields: ResolvedField[] = [];
    const columns = raw.columns;
    const known: readonly string[] = kind === 'departments' ? DEPARTMENT_FIELDS : EMPLOYEE_FIELDS;
    if (typeof columns !== 'object' || columns === null) {
      at(
        `${kind}.columns`,
        `must map the sync fields to columns (${REQUIRED[kind].join(', ')} at least)`,
      );
    } else {
      for (const field of Object.keys(columns)) {
        if (!known.includes(field)) {
          at(`${kind}.columns.${field}`, `is not a ${kind} field (known: ${known.join(', ')})`);
        }
      }
      for (const field of REQUIRED[kind]) {
        if (columns[field] === undefined) at(`${kind}.columns.${field}`, 'is required');
      }
      for (const field of known) {
        const value = columns[field];
        if (value === undefined) continue;
        const path = `${kind}.columns.${field}`;
        const resolved = resolveField(field, value, path, at, columnName);
        if (resolved) fields.push(resolved);
      }
    }
    const used = new Map<string, string>();
    const claim = (column: string | undefined, what: string) => {
      if (!column) return;
      const other = used.get(column);
      if (other) at(kind, `column "${column}" is used for both ${other} and ${what}`);
      else used.set(column, what);
    };
    claim(tenantColumn?.column, 'tenantColumn');
    claim(id.column, 'id');
    claim(sourceId?.column, 'sourceIdColumn');
    claim(updatedAt?.column, 'updatedAtColumn');
    for (const f of fields) claim(f.column, `columns.${f.field}`);
    return { kind, name, quoted, tenant: tenantColumn, id, sourceId, updatedAt, fields };
  };

  const departments = table('departments');
  const employees = table('employees');
  if (problems.length > 0) {
    throw new PostgresStorageConfigError(
      `createPostgresStorage: the mapping is not usable:\n  - ${problems.join('\n  - ')}`,
      { option: 'mapping' },
    );
  }
  return { single, departments, employees };
}

function resolveField(
  field: string,
  value: unknown,
  path: string,
  at: (path: string, message: string) => void,
  columnName: (path: string, value: unknown) => string | null,
): ResolvedField | null {
  const nullable = NULLABLE.has(field);
  if (field === 'parentCode' || field === 'departmentCode') {
    const link = value as { column?: unknown; by?: unknown };
    if (typeof link !== 'object' || link === null || (link.by !== 'code' && link.by !== 'id')) {
      at(path, "must be { column, by: 'code' | 'id' } (the department's code or its id)");
      return null;
    }
    const column = columnName(`${path}.column`, link.column);
    if (!column) return null;
    return { field, column, quoted: quoteIdent(column), kind: 'link', nullable, by: link.by };
  }
  const enumerated = field === 'gender' || field === 'employmentType' || field === 'retired';
  if (typeof value === 'string') {
    const column = columnName(path, value);
    if (!column) return null;
    const kind: FieldKind =
      field === 'birthDate'
        ? 'date'
        : field === 'retired'
          ? 'boolean'
          : enumerated
            ? 'enum'
            : 'text';
    return { field, column, quoted: quoteIdent(column), kind, nullable };
  }
  if (!enumerated) {
    at(path, 'must be a column name (value codes are only for gender, employmentType, retired)');
    return null;
  }
  const spec = value as { column?: unknown; values?: unknown };
  if (typeof spec !== 'object' || spec === null) {
    at(path, 'must be a column name or { column, values }');
    return null;
  }
  const column = columnName(`${path}.column`, spec.column);
  if (!column) return null;
  if (spec.values === undefined) {
    return {
      field,
      column,
      quoted: quoteIdent(column),
      kind: field === 'retired' ? 'boolean' : 'enum',
      nullable,
    };
  }
  const expected =
    field === 'gender'
      ? GENDERS
      : field === 'employmentType'
        ? EMPLOYMENT_TYPES
        : ['true', 'false'];
  const values = spec.values as Record<string, unknown>;
  if (typeof values !== 'object' || values === null) {
    at(`${path}.values`, `must map ${expected.join(', ')} to your codes`);
    return null;
  }
  const toCode = new Map<string, string>();
  const fromCode = new Map<string, string>();
  const types = new Set<string>();
  let ok = true;
  for (const key of Object.keys(values)) {
    if (!expected.includes(key)) {
      at(`${path}.values.${key}`, `is not a ${field} value (known: ${expected.join(', ')})`);
      ok = false;
    }
  }
  for (const key of expected) {
    const code = values[key];
    if (code === undefined) {
      at(`${path}.values.${key}`, 'has no code: every value the sync can write needs one');
      ok = false;
      continue;
    }
    if (
      !(typeof code === 'string' || typeof code === 'boolean') &&
      !(typeof code === 'number' && Number.isFinite(code))
    ) {
      at(`${path}.values.${key}`, 'must be a string, a finite number or a boolean');
      ok = false;
      continue;
    }
    types.add(typeof code);
    const text = typeof code === 'boolean' ? (code ? 'true' : 'false') : String(code);
    const taken = fromCode.get(text);
    if (taken !== undefined) {
      at(
        `${path}.values.${key}`,
        `code ${JSON.stringify(code)} is also the code of ${taken}: codes must differ, or they cannot be read back`,
      );
      ok = false;
      continue;
    }
    toCode.set(key, text);
    fromCode.set(text, key);
  }
  if (types.size > 1) {
    at(
      `${path}.values`,
      'codes must all be of one type (all strings, all numbers or all booleans)',
    );
    ok = false;
  }
  if (!ok) return null;
  return {
    field,
    column,
    quoted: quoteIdent(column),
    kind: 'enum',
    nullable,
    toCode,
    fromCode,
    codeType: [...types][0] as 'string' | 'number' | 'boolean',
  };
}
