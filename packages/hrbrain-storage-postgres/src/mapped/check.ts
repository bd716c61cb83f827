import { arrayLiteral } from '../array-literal';
import type { SqlSession } from '../session';
import type { MappedKeyType, ResolvedField, ResolvedMapping, ResolvedTable } from './mapping';

/** One thing wrong between the mapping and the database, with the change that fixes it. */
export interface MappingProblem {
  /** The table as named in the mapping, e.g. `public.staff`. */
  table: string;
  /** The column at fault, when there is one. */
  column: string | null;
  /** What is wrong. */
  problem: string;
  /** The DDL (or mapping change) that fixes it. */
  fix: string;
}

/** What `storage.check()` found. */
export interface MappingCheckResult {
  ok: boolean;
  problems: MappingProblem[];
}

/** A column as the catalog describes it. */
export interface ColumnInfo {
  name: string;
  /** `format_type()`, usable in casts, e.g. `character varying(200)`, `smallint`. */
  sqlType: string;
  /**
   * The type the bound values are cast to: `varchar(n)` without its length (`character
   * varying`), since an explicit cast to `varchar(n)` silently cuts a longer value while
   * assigning it to the column refuses it. Other types as `sqlType` (`char(n)`, which the
   * same applies to, is not accepted for a mapped field).
   */
  castType: string;
  typname: string;
  /** pg_type.typcategory: S string, N numeric, B boolean, D date/time, E enum, U uuid … */
  category: string;
  notNull: boolean;
  /** Has a default or is an identity column (new rows get a value without us). */
  hasDefault: boolean;
  generated: boolean;
  /** Labels, for enum types. */
  labels: string[] | null;
}

/** Per table: its columns by name (only when the table exists). */
export type TableInfo = Map<string, ColumnInfo>;

export interface Introspection {
  departments: TableInfo | null;
  employees: TableInfo | null;
}

interface ColumnRow {
  rel: string;
  relkind: string | null;
  name: string | null;
  sql_type: string | null;
  cast_type: string | null;
  typname: string | null;
  category: string | null;
  not_null: boolean | null;
  has_default: boolean | null;
  generated: boolean | null;
  labels: string[] | null;
}

interface IndexRow {
  rel: string;
  keys: string[];
  partial: boolean;
}

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);

function keyTypeFits(type: MappedKeyType, column: ColumnInfo): boolean {
  if (type === 'bigint') return INTEGER_TYPES.has(column.typname);
  if (type === 'uuid') return column.typname === 'uuid';
  return isText(column);
}

function isText(column: ColumnInfo): boolean {
  // char(n) pads with blanks: codes and e-mails would not read back as written.
  return column.category === 'S' && column.typname !== 'bpchar' && column.typname !== 'name';
}

const keyTypeDdl: Record<MappedKeyType, string> = { bigint: 'bigint', uuid: 'uuid', text: 'text' };

/** Normalise an index key as `pg_get_indexdef` prints it: `lower((work_email)::text)` → `lower(work_email)`. */
function normaliseKey(key: string): string {
  return key
    .replace(/::(text|character varying|citext)/g, '')
    .replace(/[()"\s]/g, '')
    .toLowerCase();
}

/**
 * Read the mapped tables' columns, types and unique indexes from the catalog (two queries),
 * then compare them with the mapping. Never changes anything.
 */
export async function introspect(
  session: Pick<SqlSession, 'query'>,
  mapping: ResolvedMapping,
): Promise<{ info: Introspection; indexes: Map<string, IndexRow[]> }> {
  const names = [mapping.departments.quoted, mapping.employees.quoted];
  const { rows } = await session.query<ColumnRow>(
    `select r.rel, c.relkind::text as relkind, a.attname::text as name,
       format_type(a.atttypid, a.atttypmod) as sql_type,
       case when t.typname = 'varchar' then 'character varying'
         else format_type(a.atttypid, a.atttypmod) end as cast_type,
       t.typname::text as typname,
       t.typcategory::text as category, a.attnotnull as not_null,
       (a.atthasdef or a.attidentity <> '') as has_default, a.attgenerated <> '' as generated,
       case when t.typtype = 'e' then
         (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid)
       end as labels
     from unnest($1::text[]) as r(rel)
     left join pg_class c on c.oid = to_regclass(r.rel)
     left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     left join pg_type t on t.oid = a.atttypid`,
    [arrayLiteral(names)],
  );
  const { rows: indexRows } = await session.query<IndexRow>(
    `select r.rel, i.indpred is not null as partial,
       array(select pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnkeyatts::int) k) as keys
     from unnest($1::text[]) as r(rel)
     join pg_index i on i.indrelid = to_regclass(r.rel) and i.indisunique`,
    [arrayLiteral(names)],
  );
  const tableOf = (quoted: string): TableInfo | null => {
    const own = rows.filter((row) => row.rel === quoted);
    if (own.length === 0 || own[0]!.relkind === null) return null;
    if (own[0]!.relkind !== 'r' && own[0]!.relkind !== 'p') return null;
    const columns: TableInfo = new Map();
    for (const row of own) {
      if (row.name === null) continue;
      columns.set(row.name, {
        name: row.name,
        sqlType: row.sql_type!,
        castType: row.cast_type!,
        typname: row.typname!,
        category: row.category!,
        notNull: row.not_null!,
        hasDefault: row.has_default!,
        generated: row.generated!,
        labels: row.labels,
      });
    }
    return columns;
  };
  const indexes = new Map<string, IndexRow[]>();
  for (const row of indexRows) {
    const list = indexes.get(row.rel) ?? [];
    list.push(row);
    indexes.set(row.rel, list);
  }
  return {
    info: {
      departments: tableOf(mapping.departments.quoted),
      employees: tableOf(mapping.employees.quoted),
    },
    indexes,
  };
}

/** Compare the mapping with what the catalog says; every problem names its fix. */
export async function checkMapping(
  session: Pick<SqlSession, 'query'>,
  mapping: ResolvedMapping,
): Promise<{ result: MappingCheckResult; info: Introspection }> {
  const { info, indexes } = await introspect(session, mapping);
  const problems: MappingProblem[] = [];
  for (const table of [mapping.departments, mapping.employees]) {
    const columns = info[table.kind];
    if (columns === null) {
      problems.push({
        table: table.name,
        column: null,
        problem: `table ${table.name} does not exist (or is not a table) in this database`,
        fix: `create the table, or set mapping.${table.kind}.table to the schema-qualified name of yours (the adapter never creates, alters or drops your tables)`,
      });
      continue;
    }
    checkTable(table, columns, indexes.get(table.quoted) ?? [], mapping, info, problems);
  }
  return { result: { ok: problems.length === 0, problems }, info };
}

function checkTable(
  table: ResolvedTable,
  columns: TableInfo,
  indexes: IndexRow[],
  mapping: ResolvedMapping,
  info: Introspection,
  problems: MappingProblem[],
): void {
  const add = (column: string | null, problem: string, fix: string) =>
    problems.push({ table: table.name, column, problem, fix });
  const ddlName = table.name.split('.').map(quote).join('.');
  const alter = `alter table ${ddlName}`;
  const where = (path: string) => `mapping.${table.kind}.${path}`;
  const present = (column: string, path: string, ddlType: string): ColumnInfo | null => {
    const found = columns.get(column);
    if (!found) {
      add(
        column,
        `column ${table.name}.${column} (${path}) does not exist`,
        `${alter} add column ${quote(column)} ${ddlType};  -- or correct ${where(path)}`,
      );
      return null;
    }
    if (found.generated) {
      add(
        column,
        `column ${table.name}.${column} (${path}) is a generated column; the sync cannot write it`,
        `map ${where(path)} to a plain column`,
      );
      return null;
    }
    return found;
  };
  const retype = (column: ColumnInfo, path: string, want: string, ddlType: string) =>
    add(
      column.name,
      `column ${table.name}.${column.name} (${path}) is ${column.sqlType}; it must be ${want}`,
      `${alter} alter column ${quote(column.name)} type ${ddlType} using ${quote(column.name)}::${ddlType};`,
    );

  if (table.tenant) {
    const tenant = present(table.tenant.column, 'tenantColumn', keyTypeDdl[table.tenant.type]);
    if (tenant && !keyTypeFits(table.tenant.type, tenant)) {
      retype(
        tenant,
        'tenantColumn',
        `a ${table.tenant.type} column (mapping.tenant.type)`,
        keyTypeDdl[table.tenant.type],
      );
    }
  }
  const id = present(table.id.column, 'id.column', keyTypeDdl[table.id.type]);
  if (id && !keyTypeFits(table.id.type, id)) {
    retype(
      id,
      'id.column',
      `${table.id.type} (mapping.${table.kind}.id.type)`,
      keyTypeDdl[table.id.type],
    );
  }
  if (id && !id.hasDefault && table.id.type === 'bigint') {
    add(
      id.name,
      `column ${table.name}.${id.name} (the id) has no default, so the sync cannot number new rows`,
      `${alter} alter column ${quote(id.name)} add generated by default as identity;`,
    );
  }
  const keyed = (keys: string[]) => {
    const want = new Set(keys.map(normaliseKey));
    return indexes.some(
      (index) =>
        !index.partial &&
        index.keys.length === want.size &&
        index.keys.every((key) => want.has(normaliseKey(key))),
    );
  };
  const tenantKey = table.tenant ? [table.tenant.column] : [];
  if (id && !keyed([table.id.column]) && !keyed([...tenantKey, table.id.column])) {
    add(
      id.name,
      `column ${table.name}.${id.name} (the id) is not unique: no primary key or unique index on it`,
      `${alter} add primary key (${quote(id.name)});`,
    );
  }
  const check = (
    column: string | null,
    path: string,
    what: string,
    fits: (c: ColumnInfo) => boolean,
    ddlType: string,
  ) => {
    if (column === null) return null;
    const found = present(column, path, ddlType);
    if (found && !fits(found)) retype(found, path, what, ddlType);
    return found;
  };
  check(table.sourceId?.column ?? null, 'sourceIdColumn', 'a text column', isText, 'text');
  check(
    table.updatedAt?.column ?? null,
    'updatedAtColumn',
    'a timestamp column',
    (c) => c.typname === 'timestamptz' || c.typname === 'timestamp',
    'timestamptz',
  );

  const departmentsId = mapping.departments.id;
  for (const field of table.fields) {
    const path = `columns.${field.field}`;
    const found = checkField(
      field,
      path,
      departmentsId.type,
      info,
      check,
      retypeTo(retype, path),
      add,
    );
    if (!found) continue;
    if (field.nullable && found.notNull) {
      add(
        found.name,
        `column ${table.name}.${found.name} (${path}) is NOT NULL, but ${field.field} may be empty in HRBrain`,
        `${alter} alter column ${quote(found.name)} drop not null;`,
      );
    }
  }

  // Unmapped NOT NULL columns without a default would make every create fail.
  const mapped = new Set([
    table.tenant?.column,
    table.id.column,
    table.sourceId?.column,
    table.updatedAt?.column,
    ...table.fields.map((f) => f.column),
  ]);
  for (const column of columns.values()) {
    if (mapped.has(column.name) || !column.notNull || column.hasDefault || column.generated)
      continue;
    add(
      column.name,
      `column ${table.name}.${column.name} is NOT NULL without a default and not mapped: rows the sync creates could not be stored`,
      `${alter} alter column ${quote(column.name)} set default …;  -- or drop not null, or map it`,
    );
  }

  // The match key must be unique per tenant: it is the stale check of every create (D1, E1).
  const keyField = table.fields.find(
    (f) => f.field === (table.kind === 'departments' ? 'code' : 'email'),
  );
  if (keyField && columns.has(keyField.column)) {
    const expr =
      table.kind === 'departments' ? quote(keyField.column) : `lower(${quote(keyField.column)})`;
    if (!keyed([...tenantKey, expr])) {
      const indexName = [
        table.name.split('.')[1],
        ...tenantKey,
        table.kind === 'departments' ? keyField.column : `lower_${keyField.column}`,
        'key',
      ]
        .join('_')
        .replace(/[^A-Za-z0-9_]/g, '_')
        .slice(0, 63);
      const list = [...tenantKey.map(quote), expr].join(', ');
      add(
        keyField.column,
        table.kind === 'departments'
          ? `no unique index on (${[...tenantKey, keyField.column].join(', ')}): department codes must be unique${table.tenant ? ' per tenant' : ''} (D1)`
          : `no unique index on (${[...tenantKey, `lower(${keyField.column})`].join(', ')}): e-mail addresses must be unique${table.tenant ? ' per tenant' : ''}, case-insensitively (E1)`,
        `create unique index ${quote(indexName)} on ${ddlName} (${list});`,
      );
    }
  }
}

function retypeTo(
  retype: (column: ColumnInfo, path: string, want: string, ddlType: string) => void,
  path: string,
) {
  return (column: ColumnInfo, want: string, ddlType: string) => retype(column, path, want, ddlType);
}

type Checker = (
  column: string | null,
  path: string,
  what: string,
  fits: (c: ColumnInfo) => boolean,
  ddlType: string,
) => ColumnInfo | null;

function checkField(
  field: ResolvedField,
  path: string,
  departmentIdType: MappedKeyType,
  _info: Introspection,
  check: Checker,
  retype: (column: ColumnInfo, want: string, ddlType: string) => void,
  problem: (column: string, problem: string, fix: string) => void,
): ColumnInfo | null {
  if (field.kind === 'link') {
    if (field.by === 'code')
      return check(field.column, path, 'a text column (department codes)', isText, 'text');
    return check(
      field.column,
      path,
      `a ${departmentIdType} column, like the departments' id`,
      (c) => keyTypeFits(departmentIdType, c),
      keyTypeDdl[departmentIdType],
    );
  }
  if (field.kind === 'text') return check(field.column, path, 'a text column', isText, 'text');
  if (field.kind === 'date') {
    return check(
      field.column,
      path,
      'a date (or text) column',
      (c) => c.typname === 'date' || isText(c),
      'date',
    );
  }
  if (field.kind === 'boolean') {
    return check(
      field.column,
      path,
      'a boolean column (or give codes in values)',
      (c) => c.typname === 'boolean' || c.typname === 'bool',
      'boolean',
    );
  }
  // enum: a text or enum column without codes; with codes, a column of the codes' type.
  const found = check(
    field.column,
    path,
    'a column for the codes',
    () => true,
    field.codeType === 'number' ? 'smallint' : field.codeType === 'boolean' ? 'boolean' : 'text',
  );
  if (!found) return null;
  const codes = field.toCode ? [...field.toCode.values()] : logicalValues(field.field);
  const type = field.codeType ?? 'string';
  if (type === 'number') {
    if (found.category !== 'N')
      retype(found, 'a numeric column (the codes are numbers)', 'smallint');
    else if (INTEGER_TYPES.has(found.typname) && codes.some((c) => !Number.isInteger(Number(c)))) {
      retype(
        found,
        'a numeric column that holds fractions (a code is not a whole number)',
        'numeric',
      );
    }
  } else if (type === 'boolean') {
    if (found.category !== 'B')
      retype(found, 'a boolean column (the codes are booleans)', 'boolean');
  } else if (found.category === 'E') {
    const missing = codes.filter((c) => !found.labels?.includes(c));
    if (missing.length > 0) {
      problem(
        found.name,
        `column ${found.name} (${path}) is of enum type ${found.sqlType}, which lacks the code${missing.length === 1 ? '' : 's'} ${missing.map((m) => `'${m}'`).join(', ')}`,
        missing
          .map((m) => `alter type ${found.sqlType} add value '${m.replaceAll("'", "''")}';`)
          .join(' '),
      );
      return null;
    }
  } else if (!isText(found)) {
    retype(found, 'a text or enum column (the codes are strings)', 'text');
  }
  return found;
}

function logicalValues(field: string): string[] {
  if (field === 'gender') return ['male', 'female', 'other'];
  if (field === 'employmentType') {
    return ['regular', 'contract', 'dispatched', 'part_time', 'outsourced', 'other'];
  }
  return ['true', 'false'];
}

function quote(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
