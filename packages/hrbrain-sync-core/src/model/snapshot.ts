/**
 * The HRBrain data the sync core plans from, described by shape only. They match what
 * `client.snapshot()` of `@mikiwame/hrbrain-client` returns, but the core owns them, so it
 * needs the client neither at runtime nor for its types: any source with this shape works.
 */

/** A member field definition (`GET /members/v1/fields`); companies can rename labels (F1). */
export interface HrbrainFieldDefinition {
  id: string;
  label: string;
  /** Set for pulldown fields backed by an organization (主部署, 役職, 雇用形態, 在籍状況 …). */
  organizationId?: string | null | undefined;
  /** Stable alias such as `LastName`, `Email`, `MainTeam`. */
  alias?: string | null | undefined;
  type?: string | null | undefined;
  [key: string]: unknown;
}

/** One field value on a member. */
export interface HrbrainMemberField {
  id: string;
  alias?: string | null | undefined;
  type?: string | null | undefined;
  /** For `organizationPulldown`, the id of an organization item; otherwise the value itself. */
  value?: unknown;
  [key: string]: unknown;
}

/** One member (employee). */
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
  /** 組織情報コード. */
  code?: string | null | undefined;
  items?: HrbrainOrganizationItem[] | null | undefined;
  [key: string]: unknown;
}

/** The items of one organization. */
export interface HrbrainOrganizationItems {
  type: 'list' | 'tree' | (string & {});
  items: HrbrainOrganizationItem[];
  [key: string]: unknown;
}

/** Everything the core needs from one tenant: fields, members, organizations by id. */
export interface HrbrainSnapshot {
  fields: HrbrainFieldDefinition[];
  members: HrbrainMember[];
  organizations: Record<string, HrbrainOrganizationItems>;
}
