/**
 * Raw HRBrain public-API shapes, as the API sends them (see the client README: some parts
 * are *assumed* — marked below — and every shape tolerates unknown keys).
 *
 * These are the types the sync core plans from (`import type` only).
 */

/** `GET /members/v1/fields` — one member field definition. */
export interface HrbrainFieldDefinition {
  id: string;
  /** The label the company sees; companies can rename fields (rule F1). */
  label: string;
  /** Set for pulldown fields backed by an organization (主部署, 役職, 雇用形態, 在籍状況 …). */
  organizationId?: string | null | undefined;
  /** Stable alias such as `LastName`, `Email`, `MainTeam` (assumed on the definition). */
  alias?: string | null | undefined;
  /** Field type such as `text`, `date`, `organizationPulldown` (assumed on the definition). */
  type?: string | null | undefined;
  [key: string]: unknown;
}

/** One field value on a member, as in `GET /members/v1/members`. */
export interface HrbrainMemberField {
  id: string;
  alias?: string | null | undefined;
  type?: string | null | undefined;
  /** For `organizationPulldown`, the id of an organization item; otherwise the value itself. */
  value?: unknown;
  [key: string]: unknown;
}

/** One member (employee) record. */
export interface HrbrainMember {
  id: string;
  fields: HrbrainMemberField[];
  [key: string]: unknown;
}

/** An item of an organization (組織情報); a tree nests its children in `items`. */
export interface HrbrainOrganizationItem {
  id: string;
  /** Display name (部署項目名 for departments). */
  value: string;
  /** 組織情報コード (assumed name). */
  code?: string | null | undefined;
  items?: HrbrainOrganizationItem[] | null | undefined;
  [key: string]: unknown;
}

/** `GET /members/v1.1/organization/{organizationId}/items`. */
export interface HrbrainOrganizationItems {
  type: 'list' | 'tree' | (string & {});
  items: HrbrainOrganizationItem[];
  [key: string]: unknown;
}

/**
 * Everything the sync core needs from one tenant, as returned by `client.snapshot()`:
 * the field definitions, every member, and the items of every organization a field
 * references (keyed by organization id).
 */
export interface HrbrainSnapshot {
  fields: HrbrainFieldDefinition[];
  members: HrbrainMember[];
  organizations: Record<string, HrbrainOrganizationItems>;
}
