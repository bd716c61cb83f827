import type { FakeHrbrainTenant } from '@mikiwame/hrbrain-mock';

/**
 * `--hr-edits N`: N transfers (異動) made in HRBrain since the last sync, so a run shows what
 * an update looks like (`departmentCode: "1100" → "2000"`). Each edit moves one member to
 * the department of the next member who sits elsewhere. Deterministic, like the tenant, and
 * only members without a planted defect are touched, so nothing else in the outcome changes.
 *
 * Returns how many members were moved (fewer than asked when the tenant is too small).
 */
export function applyHrEdits(tenant: FakeHrbrainTenant, count: number): number {
  if (count === 0) return 0;
  const spoiled = new Set(
    Object.values(tenant.defects).flatMap((ids) =>
      Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [],
    ),
  );
  const mainTeamId = tenant.ids.fields.mainTeam;
  const placed = tenant.payload.members.flatMap((member) => {
    const field = member.fields.find((f) => f.id === mainTeamId);
    return !spoiled.has(member.id) && typeof field?.value === 'string' && field.value !== ''
      ? [{ field, department: field.value }]
      : [];
  });

  let moved = 0;
  for (let i = 0; i < placed.length && moved < count; i++) {
    const member = placed[i]!;
    // The department of the next member who sits elsewhere (as it was before any edit).
    const target = placed.slice(i + 1).find((other) => other.department !== member.department);
    if (!target) break;
    member.field.value = target.department;
    moved++;
  }
  return moved;
}
