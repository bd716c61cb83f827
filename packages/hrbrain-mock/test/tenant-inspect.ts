import type { HrbrainPayload, RawMember, RawOrganizationItem } from '../src/index';

/**
 * Independent readers of a served payload, written against the raw shapes only (not the
 * generator's internals), so the tests check what a client would actually receive.
 */
export interface FlatDepartment {
  id: string;
  code: string | undefined;
  name: string;
  level: number;
  parentId: string | undefined;
}

export function flattenDepartments(payload: HrbrainPayload): FlatDepartment[] {
  const dept = payload.fields.find((f) => f.label === '主部署' || f.alias === 'MainTeam');
  const org = dept?.organizationId ? payload.organizations[dept.organizationId] : undefined;
  const out: FlatDepartment[] = [];
  const walk = (items: RawOrganizationItem[], level: number, parentId: string | undefined) => {
    for (const item of items) {
      out.push({ id: item.id, code: item.code, name: item.value, level, parentId });
      walk(item.items ?? [], level + 1, item.id);
    }
  };
  walk(org?.items ?? [], 1, undefined);
  return out;
}

/** A member's value by field id (`undefined` when the member has no such entry). */
export function fieldValue(member: RawMember, fieldId: string): unknown {
  return member.fields.find((f) => f.id === fieldId)?.value;
}

export function hasEntry(member: RawMember, fieldId: string): boolean {
  return member.fields.some((f) => f.id === fieldId);
}

export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Every item id of an organization, at any depth. */
export function itemIds(payload: HrbrainPayload, organizationId: string): Set<string> {
  const ids = new Set<string>();
  const walk = (items: RawOrganizationItem[]) => {
    for (const item of items) {
      ids.add(item.id);
      walk(item.items ?? []);
    }
  };
  walk(payload.organizations[organizationId]?.items ?? []);
  return ids;
}
