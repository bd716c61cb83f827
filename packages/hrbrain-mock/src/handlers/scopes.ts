/** The scope an endpoint needs, as the integration manual asks for it (C1). */
export type RequiredScope = 'member:read' | 'organization:read';

// Broader scopes that include the narrow one (hrbrain-api.md lists them; how HRBrain
// nests them is assumed). The field list is also readable with member.fields:*.
const GRANTING: Readonly<Record<string, readonly string[]>> = {
  'member:read': ['member:read', 'member:all', 'all'],
  'member.fields:read': [
    'member.fields:read',
    'member.fields:all',
    'member:read',
    'member:all',
    'all',
  ],
  'organization:read': ['organization:read', 'organization:all', 'all'],
};

/** Whether a secret holding `scopes` may call an endpoint that needs `required`. */
export function hasScope(scopes: readonly string[], required: string): boolean {
  const granting = GRANTING[required] ?? [required];
  return scopes.some((s) => granting.includes(s));
}

/** The scope named in a 403: the one the integration manual asks for (C1). */
export function reportedScope(required: string): string {
  return required === 'member.fields:read' ? 'member:read' : required;
}
