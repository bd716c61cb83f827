import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';

/**
 * `POST /members/v1/members/lookup`: the first member whose e-mail (compared trimmed and
 * case-insensitively, as E1 does) and/or employee number match. Fields are found by alias
 * or default label, so it also works on explicit payloads.
 */
export function lookupMember(
  tenant: FakeHrbrainTenant,
  email: string | undefined,
  employeeNumber: string | undefined,
): unknown {
  const { fields, members } = tenant.payload;
  const idsOf = (alias: string, label: string) =>
    new Set(
      (fields as unknown[])
        .filter(
          (f): f is { id: string; alias?: unknown; label?: unknown } =>
            typeof (f as { id?: unknown } | null)?.id === 'string',
        )
        .filter((f) => f.alias === alias || f.label === label)
        .map((f) => f.id),
    );
  const emailIds = idsOf('Email', 'メールアドレス');
  const numberIds = idsOf('EmployeeNumber', '従業員番号');
  const wantedEmail = email?.trim().toLowerCase();
  return (members as unknown[]).find((member) => {
    const values = (member as { fields?: unknown } | null)?.fields;
    if (!Array.isArray(values)) return false;
    const fieldValue = (ids: Set<string>, alias: string): unknown =>
      (values as { id?: unknown; alias?: unknown; value?: unknown }[]).find(
        (v) => ids.has(v?.id as string) || v?.alias === alias,
      )?.value;
    if (wantedEmail !== undefined) {
      const value = fieldValue(emailIds, 'Email');
      if (typeof value !== 'string' || value.trim().toLowerCase() !== wantedEmail) return false;
    }
    if (
      employeeNumber !== undefined &&
      fieldValue(numberIds, 'EmployeeNumber') !== employeeNumber
    ) {
      return false;
    }
    return true;
  });
}
