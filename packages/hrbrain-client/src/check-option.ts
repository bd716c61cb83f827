import { HrbrainConfigError } from './errors';

/** @internal `value` if it is an integer in [min, max], else a `HrbrainConfigError` naming `option`. */
export function checkInteger(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new HrbrainConfigError(
      `\`${option}\` must be an integer from ${min} to ${max}; got ${String(value)}.`,
      { option },
    );
  }
  return value;
}

/** @internal Largest `setTimeout` delay; ky refuses longer timeouts. */
export const maxTimeoutMs = 2_147_483_647;

/** @internal Most retries a caller may ask for. */
export const maxRetriesLimit = 10;
