import { describe, expect, it } from 'vitest';
import {
  describeStorageConformance,
  StorageConformanceConfigError,
  type StorageInspector,
} from '../src/index';

const inspect: StorageInspector = {
  departments: async () => [],
  employees: async () => [],
  runs: async () => [],
  connection: async () => null,
};

describe('describeStorageConformance options', () => {
  it('refuses a missing create and names it', () => {
    expect(() =>
      describeStorageConformance('x', { inspect } as unknown as Parameters<
        typeof describeStorageConformance
      >[1]),
    ).toThrow(/`create` must be a function/);
  });

  it('refuses an inspector without a required method and names it', () => {
    const { runs: _runs, ...partial } = inspect;
    expect(() =>
      describeStorageConformance('x', {
        create: () => ({}) as never,
        inspect: partial as StorageInspector,
      }),
    ).toThrow(/`inspect\.runs` must be a function/);
  });

  it('refuses an unknown suite in `skip` and lists the known ones', () => {
    expect(() =>
      describeStorageConformance('x', {
        create: () => ({}) as never,
        inspect,
        skip: { locks: 'no' } as never,
      }),
    ).toThrow(/`skip\.locks` is not a suite \(known: departments, employees, atomicity/);
  });

  it('bad options are a StorageConformanceConfigError (INVALID_ARGUMENT), not a TypeError', () => {
    let caught: unknown;
    try {
      describeStorageConformance('x', { inspect, propertyRuns: 0 } as never);
    } catch (error) {
      caught = error;
    }
    expect(StorageConformanceConfigError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'INVALID_ARGUMENT', option: 'options' });
  });
});
