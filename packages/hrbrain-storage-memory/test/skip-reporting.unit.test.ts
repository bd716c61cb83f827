/**
 * Switched-off suites and checks without their optional inspector part must show up in the
 * test output, saying why — never silently vanish.
 */
import {
  type ConformanceSuiteId,
  describeStorageConformance,
  storageConformanceSuites,
} from '@mikiwame/hrbrain-storage-testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, type MemoryStorage } from '../src/index';
import { inspectMemoryStorage } from './memory-inspector';

let storage: MemoryStorage;
const full = inspectMemoryStorage(() => storage);
const skip = Object.fromEntries(
  storageConformanceSuites
    .filter((suite) => suite.id !== 'departments')
    .map((suite) => [suite.id, `not under test in ${suite.id}`]),
) as Partial<Record<ConformanceSuiteId, string>>;

// Only the required inspector methods, and every suite but `departments` switched off.
describeStorageConformance('memory, minimal inspector', {
  create: () => {
    storage = createMemoryStorage();
    return storage;
  },
  inspect: {
    departments: full.departments,
    employees: full.employees,
    runs: full.runs,
    connection: full.connection,
  },
  skip,
});

type Task = { name: string; mode: string; tasks?: Task[] };
const flatten = (tasks: Task[]): Task[] => tasks.flatMap((t) => [t, ...flatten(t.tasks ?? [])]);

describe('skip reporting', () => {
  it('lists each switched-off suite as a skipped test that gives the option and the reason', ({
    task,
  }) => {
    const all = flatten((task.file as unknown as Task).tasks ?? []);
    for (const id of Object.keys(skip)) {
      const reported = all.find(
        (t) => t.name === `skipped by option skip.${id}: not under test in ${id}`,
      );
      expect(reported?.mode, `suite ${id}`).toBe('skip');
    }
    // The departments suite ran its checks...
    expect(all.find((t) => t.name.startsWith('D8 an update writes exactly'))?.mode).toBe('run');
    // ...and reported the two needing optional inspector parts as skipped, naming the part.
    expect(
      all.find(
        (t) =>
          t.name.startsWith('D8 unchanged and notInSource departments are not rewritten') &&
          t.name.endsWith('(skipped: inspect.revisions not provided)'),
      )?.mode,
    ).toBe('skip');
    expect(all.find((t) => t.name.endsWith('(skipped: inspect.unmapped not provided)'))?.mode).toBe(
      'skip',
    );
  });
});
