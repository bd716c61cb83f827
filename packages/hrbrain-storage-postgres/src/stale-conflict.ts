import { StalePlanError } from '@mikiwame/hrbrain-sync-core';

const subjects: Record<string, string> = {
  employees_email_key: 'An employee with e-mail',
  departments_code_key: 'A department with code',
};

/** The key value of a unique violation's detail, `Key (tenant_id, …)=(<tenant>, <key>) …`. */
function keyOf(detail: unknown, tenantId: string): string | undefined {
  if (typeof detail !== 'string') return undefined;
  const values = /^Key \(.*?\)=\((.*)\) already exists\.$/s.exec(detail)?.[1];
  const prefix = `${tenantId}, `;
  return values?.startsWith(prefix) ? values.slice(prefix.length) : undefined;
}

/**
 * A unique violation while applying a plan means the key the plan creates exists: stored by
 * someone else since the plan was made (or listed twice in the plan). The unique index is
 * the stale check for creates (E1, D1): cheaper than looking every key up first.
 */
export function staleOnConflict(tenantId: string) {
  return (error: unknown): never => {
    const { code, detail, constraint } = (error ?? {}) as Record<string, unknown>;
    if (code !== '23505') throw error;
    const key = keyOf(detail, tenantId);
    const subject = subjects[String(constraint)] ?? 'A record with the same key';
    throw new StalePlanError(
      `${subject}${key === undefined ? '' : ` ${JSON.stringify(key)}`} already exists: it was stored after the plan was made, or the plan creates it twice. Nothing was written; plan the sync again.`,
      key === undefined ? {} : { key },
    );
  };
}
