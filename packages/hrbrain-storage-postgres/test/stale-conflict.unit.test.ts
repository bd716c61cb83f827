import { StalePlanError } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { staleOnConflict } from '../src/stale-conflict';

function violation(constraint: string, detail: string) {
  return Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
    constraint,
    detail,
  });
}

describe('staleOnConflict', () => {
  it('E1 turns a unique violation on the e-mail key into StalePlanError naming the address', () => {
    const error = (() => {
      try {
        staleOnConflict('acme, inc')(
          violation(
            'employees_email_key',
            'Key (tenant_id, lower(email))=(acme, inc, taro@example.com) already exists.',
          ),
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StalePlanError);
    expect((error as StalePlanError).details).toEqual({ key: 'taro@example.com' });
    expect((error as Error).message).toMatch(
      /^An employee with e-mail "taro@example.com" already exists/,
    );
  });

  it('D1 names the department code', () => {
    expect(() =>
      staleOnConflict('t')(
        violation('departments_code_key', 'Key (tenant_id, code)=(t, SALES) already exists.'),
      ),
    ).toThrow(/A department with code "SALES" already exists/);
  });

  it('rethrows anything that is not a unique violation untouched', () => {
    const other = Object.assign(new Error('boom'), { code: '57P01' });
    expect(() => staleOnConflict('t')(other)).toThrow(other);
  });
});
