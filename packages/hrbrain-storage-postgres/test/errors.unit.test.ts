import { StalePlanError, StorageError, SyncInProgressError } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { toStorageError } from '../src/errors';

function driverError(code: string, message: string) {
  return Object.assign(new Error(message), { code });
}

describe('toStorageError', () => {
  it('passes the typed sync errors through untouched', () => {
    const stale = new StalePlanError('stale');
    const busy = new SyncInProgressError(undefined, { tenantId: 't', kind: 'employees' });
    expect(toStorageError('apply', '"s"', stale)).toBe(stale);
    expect(toStorageError('lock', '"s"', busy)).toBe(busy);
  });

  it.each([
    ['42P01', 'relation "s.employees" does not exist', /Run `await storage\.migrate\(\)` first/],
    ['3F000', 'schema "s" does not exist', /Run `await storage\.migrate\(\)` first/],
    ['57P01', 'terminating connection due to administrator command', /connection was lost.*retry/],
    ['42501', 'permission denied for table employees', /Grant it usage/],
    ['28P01', 'password authentication failed for user "app"', /Check the user and password/],
    ['3D000', 'database "nope" does not exist', /Create it, or point the client/],
    ['23514', 'violates check constraint "employees_gender_check"', /does not fit the column/],
    ['XX000', 'internal error', /internal error \(SQLSTATE XX000\)/],
  ])(
    'wraps %s in a StorageError that says what to do, with the driver error as cause',
    (code, message, advice) => {
      const cause = driverError(code, message);
      const error = toStorageError('loadEmployees', '"s"', cause);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).code).toBe('STORAGE_ERROR');
      expect(error.message).toMatch(/^Postgres storage: loadEmployees failed: /);
      expect(error.message).toMatch(advice);
      expect(error.cause).toBe(cause);
    },
  );

  it.each([
    ['22P02', 'invalid input syntax for type date: "1985-13-45"', '1985-13-45'],
    ['22007', 'invalid input syntax for type timestamp: "hanako "quoted" 1985"', 'hanako'],
    ['22003', 'value "98765432109" is out of range for type integer', '98765432109'],
    ['22008', 'date/time field value out of range: "1985-02-30"', '1985-02-30'],
  ])(
    'C5: a data exception (%s) quotes the value: neither the message nor the cause keeps it',
    (code, message, value) => {
      const cause = driverError(code, message);
      const error = toStorageError('applyPlan', '"s"', cause);
      expect(error.message).toMatch(/does not fit the column|SQLSTATE 22003/);
      expect(error.message).toContain('[value removed by @mikiwame/hrbrain-storage-postgres]');
      expect(error.message).not.toContain(value);
      expect((error.cause as Error).message).not.toContain(value);
      expect((error.cause as { code: string }).code).toBe(code);
    },
  );
});
