import { HrbrainSyncConfigError } from '../errors';

/**
 * Checks a planner's record list (a JavaScript caller, or an adapter returning rows of the
 * wrong shape, would otherwise get a bare TypeError or a silently odd plan): an array whose
 * every element has a string `id` and a string match key. Throws `HrbrainSyncConfigError` (`INVALID_ARGUMENT`).
 */
export function assertRecords(
  planner: string,
  name: string,
  records: unknown,
  key: 'code' | 'email',
): void {
  if (!Array.isArray(records)) {
    throw new HrbrainSyncConfigError(
      `${planner}: \`${name}\` must be an array of the tenant's records ({ id, ${key}, … }, [] when there are none); got ${describe(records)}.`,
      { option: name },
    );
  }
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as { id?: unknown; [field: string]: unknown } | null | undefined;
    if (
      typeof record !== 'object' ||
      record === null ||
      (name !== 'departments' && typeof record.id !== 'string') ||
      typeof record[key] !== 'string'
    ) {
      throw new HrbrainSyncConfigError(
        `${planner}: \`${name}[${i}]\` must have a string \`${name === 'departments' ? key : `id\` and \`${key}`}\`.`,
        { option: `${name}[${i}]` },
      );
    }
  }
}

/** Checks that the planner got an input object at all. */
export function assertInput(planner: string, input: unknown): void {
  if (typeof input !== 'object' || input === null) {
    throw new HrbrainSyncConfigError(
      `${planner} takes one object ({ snapshot, existing${planner === 'planEmployeeSync' ? ', departments' : ''} }); got ${describe(input)}.`,
      { option: 'input' },
    );
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
