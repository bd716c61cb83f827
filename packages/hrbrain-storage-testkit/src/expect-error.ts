import { HrbrainSyncError } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';

/**
 * Await `promise`, require it to reject with an `HrbrainSyncError` of `code` (checked with
 * `isInstance`, so it holds across duplicate installs of the core) and return the error.
 */
export async function expectSyncError(
  promise: Promise<unknown>,
  code: string,
): Promise<HrbrainSyncError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a rejection with code ${code}`).toBeDefined();
  expect(
    HrbrainSyncError.isInstance(caught),
    `expected an HrbrainSyncError with code ${code}, got ${String(caught)}`,
  ).toBe(true);
  const error = caught as HrbrainSyncError;
  expect(error.code, error.message).toBe(code);
  return error;
}

/** Await `promise` and require it to reject (with anything). */
export async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  let caught: unknown;
  let rejected = false;
  try {
    await promise;
  } catch (error) {
    caught = error;
    rejected = true;
  }
  expect(rejected, 'expected the call to be refused').toBe(true);
  return caught;
}
