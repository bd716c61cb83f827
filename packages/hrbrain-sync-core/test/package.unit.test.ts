import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index';

describe('package', () => {
  it('exports its name', () => {
    expect(packageName).toBe('@mikiwame/hrbrain-sync-core');
  });
});
