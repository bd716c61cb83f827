import {
  type EmployeeFields,
  type HrbrainConnection,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import {
  type DepartmentRow,
  type EmployeeRow,
  type ExtraAttributes,
  emailKey,
} from './tenant-state';

/** A department to put in the store before any sync (parents by code, any order). */
export interface MemoryDepartmentSeed {
  /** Generated when omitted. */
  id?: string;
  code: string;
  name: string;
  parentCode?: string | null;
  sourceId?: string | null;
  /** Data the sync never touches (D8), e.g. `{ costCenter: 'CC-10' }`. */
  extra?: ExtraAttributes;
}

/** An employee to put in the store; the optional fields default to `null` / `false`. */
export type MemoryEmployeeSeed = Pick<
  EmployeeFields,
  'email' | 'lastName' | 'firstName' | 'lastNameKana' | 'firstNameKana'
> &
  Partial<EmployeeFields> & {
    id?: string;
    sourceId?: string | null;
    /** Data the sync never touches (E10). */
    extra?: ExtraAttributes;
  };

/** Records to start from, by tenant id. */
export interface MemorySeed {
  departments?: Record<string, MemoryDepartmentSeed[]>;
  employees?: Record<string, MemoryEmployeeSeed[]>;
  connections?: HrbrainConnection[];
}

const requiredText = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') {
    throw new StorageError(
      `seed: ${what} must be a non-empty string, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
};

/** Add seed departments to a copy of the tenant's map; refuse duplicates and unknown parents. */
export function seedDepartmentRows(
  tenantId: string,
  current: ReadonlyMap<string, DepartmentRow>,
  seeds: MemoryDepartmentSeed[],
  newId: () => string,
): Map<string, DepartmentRow> {
  const next = new Map(current);
  const idByCode = new Map([...current.values()].map((row) => [row.code, row.id]));
  const parents: [string, string | null | undefined][] = [];
  for (const seed of seeds) {
    const code = requiredText(seed.code, `department code (tenant "${tenantId}")`);
    const id = seed.id ?? newId();
    if (idByCode.has(code)) {
      throw new StorageError(
        `seed: tenant "${tenantId}" already has a department with code "${code}".`,
      );
    }
    if (next.has(id)) throw new StorageError(`seed: department id "${id}" is used twice.`);
    idByCode.set(code, id);
    next.set(id, {
      id,
      code,
      name: requiredText(seed.name, `name of department "${code}"`),
      parentId: null,
      sourceId: seed.sourceId ?? null,
      extra: structuredClone(seed.extra ?? {}),
      revision: 1,
    });
    parents.push([id, seed.parentCode]);
  }
  for (const [id, parentCode] of parents) {
    if (parentCode === null || parentCode === undefined) continue;
    const parentId = idByCode.get(parentCode);
    const row = next.get(id)!;
    if (parentId === undefined) {
      throw new StorageError(
        `seed: the parent "${parentCode}" of department "${row.code}" (tenant "${tenantId}") is not seeded.`,
      );
    }
    next.set(id, { ...row, parentId });
  }
  return next;
}

/** Add seed employees to a copy of the tenant's map; refuse duplicate e-mails (E1). */
export function seedEmployeeRows(
  tenantId: string,
  current: ReadonlyMap<string, EmployeeRow>,
  seeds: MemoryEmployeeSeed[],
  newId: () => string,
): Map<string, EmployeeRow> {
  const next = new Map(current);
  const emails = new Set([...current.values()].map((row) => emailKey(row.email)));
  for (const seed of seeds) {
    const email = requiredText(seed.email, `employee e-mail (tenant "${tenantId}")`);
    if (emails.has(emailKey(email))) {
      throw new StorageError(
        `seed: tenant "${tenantId}" already has an employee with e-mail "${email}".`,
      );
    }
    emails.add(emailKey(email));
    const id = seed.id ?? newId();
    if (next.has(id)) throw new StorageError(`seed: employee id "${id}" is used twice.`);
    next.set(id, {
      id,
      email,
      lastName: requiredText(seed.lastName, `lastName of "${email}"`),
      firstName: requiredText(seed.firstName, `firstName of "${email}"`),
      lastNameKana: requiredText(seed.lastNameKana, `lastNameKana of "${email}"`),
      firstNameKana: requiredText(seed.firstNameKana, `firstNameKana of "${email}"`),
      employeeNumber: seed.employeeNumber ?? null,
      birthDate: seed.birthDate ?? null,
      departmentCode: seed.departmentCode ?? null,
      position: seed.position ?? null,
      gender: seed.gender ?? null,
      employmentType: seed.employmentType ?? null,
      retired: seed.retired ?? false,
      sourceId: seed.sourceId ?? null,
      extra: structuredClone(seed.extra ?? {}),
      revision: 1,
    });
  }
  return next;
}
