import {
  type DepartmentCreate,
  type EmployeeCreate,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';

const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown) => value === null || value === undefined || isText(value);

/**
 * A plan from the planners is always well-formed; one built by hand in JavaScript may not
 * be. Refuse it up front, naming the row, rather than store `undefined` as a code.
 */
export function assertDepartmentCreate(create: DepartmentCreate, index: number): void {
  if (!isText(create?.code) || create.code === '') {
    throw new StorageError(`Department create #${index} has no code (a non-empty string).`);
  }
  if (!isText(create.name)) {
    throw new StorageError(`Department create "${create.code}" has no name (a string).`);
  }
  if (!isOptionalText(create.parentCode) || !isOptionalText(create.sourceId)) {
    throw new StorageError(
      `Department create "${create.code}": parentCode and sourceId must be strings or null.`,
    );
  }
}

const employeeTextFields = ['lastName', 'firstName', 'lastNameKana', 'firstNameKana'] as const;
const employeeOptionalFields = [
  'employeeNumber',
  'birthDate',
  'departmentCode',
  'position',
  'gender',
  'employmentType',
  'sourceId',
] as const;

/** As {@link assertDepartmentCreate}, for employees. */
export function assertEmployeeCreate(create: EmployeeCreate, index: number): void {
  if (!isText(create?.email) || create.email.trim() === '') {
    throw new StorageError(`Employee create #${index} has no e-mail (a non-empty string).`);
  }
  for (const field of employeeTextFields) {
    if (!isText(create[field])) {
      throw new StorageError(`Employee create "${create.email}" has no ${field} (a string).`);
    }
  }
  for (const field of employeeOptionalFields) {
    if (!isOptionalText(create[field])) {
      throw new StorageError(
        `Employee create "${create.email}": ${field} must be a string or null.`,
      );
    }
  }
  if (typeof create.retired !== 'boolean') {
    throw new StorageError(`Employee create "${create.email}": retired must be true or false.`);
  }
}
