import type { HrbrainScope } from './errors';
import type { FieldsResource } from './resources/fields';
import type { MembersResource } from './resources/members';
import type { OrganizationsResource } from './resources/organizations';
import type { HrbrainRequestOptions } from './transport';

/** What {@link verifyConnection} proved. */
export interface HrbrainConnectionCheck {
  ok: true;
  /** The tenant subdomain the credentials belong to. */
  clientId: string;
  /** Scopes proven by a successful read. */
  verifiedScopes: HrbrainScope[];
  /** Members HRBrain reports (`paging.totalCount`). */
  memberCount: number;
  /** Field definitions read. */
  fieldCount: number;
  /**
   * The organization whose items were read to prove `organization:read` (the 主部署 field's
   * when found); `null` when no field is backed by an organization, so that scope could
   * not be checked and is absent from `verifiedScopes`.
   */
  checkedOrganizationId: string | null;
}

/** @internal */
export interface VerifyConnectionDeps {
  clientId: string;
  fields: FieldsResource;
  members: MembersResource;
  organizations: OrganizationsResource;
}

/**
 * @internal Rule C2: prove the secret works (token), that `member:read` reads succeed
 * (fields, one member page with one column) and that `organization:read` reads succeed (the items of the
 * 主部署 organization). Each failure is the typed error of the call that failed, whose
 * message says what to fix: `AuthenticationError` (wrong ID or secret),
 * `PermissionDeniedError` with `requiredScope` (missing scope), `ConnectionError`
 * (unreachable / unknown tenant host).
 */
export async function verifyConnection(
  deps: VerifyConnectionDeps,
  options: HrbrainRequestOptions = {},
): Promise<HrbrainConnectionCheck> {
  const fields = await deps.fields.list({}, options);
  const mainTeam =
    fields.find((field) => field.alias === 'MainTeam' && field.organizationId) ??
    fields.find((field) => field.label === '主部署' && field.organizationId) ??
    fields.find((field) => field.organizationId);
  // One member with one field proves `member:read`; reading more would only pull personal
  // data nobody asked for (issue 12).
  const candidate = mainTeam?.id ?? fields[0]?.id;
  const probeField =
    candidate !== undefined && candidate.trim() !== '' && !candidate.includes(',')
      ? candidate
      : undefined;
  const { totalCount: memberCount } = await deps.members
    .list({ pageSize: 1, ...(probeField === undefined ? {} : { columns: [probeField] }) }, options)
    .firstPage();
  const organizationId = mainTeam?.organizationId ?? null;
  if (organizationId !== null) await deps.organizations.items(organizationId, options);
  return {
    ok: true,
    clientId: deps.clientId,
    verifiedScopes:
      organizationId === null ? ['member:read'] : ['member:read', 'organization:read'],
    memberCount,
    fieldCount: fields.length,
    checkedOrganizationId: organizationId,
  };
}
