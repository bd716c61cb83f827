/**
 * The raw HRBrain API shapes the fake serves (see `hrbrain-api.md`). They mirror the
 * client's types structurally; the mock keeps its own copy because it depends on nothing
 * of ours (the client's tests depend on the mock, not the other way round).
 */

/** One entry of `GET /members/v1/fields`. */
export interface RawFieldDefinition {
  id: string;
  label: string;
  /** Set for pulldowns backed by an organization (主部署, 役職・職位, 雇用形態, 在籍状況). */
  organizationId?: string;
  /** Stable alias (`LastName`, `Email`, `MainTeam` …); assumed to be on the definition too. */
  alias?: string;
  /** `text` or `organizationPulldown` (assumed to be on the definition). */
  type?: string;
  [key: string]: unknown;
}

/** One field value of a member. */
export interface RawMemberField {
  id: string;
  type?: string;
  /** For `organizationPulldown`, the id of an organization item. */
  value?: unknown;
  alias?: string;
  [key: string]: unknown;
}

/** One member of `GET /members/v1/members`. */
export interface RawMember {
  id: string;
  fields: RawMemberField[];
  [key: string]: unknown;
}

/** One item of an organization (組織情報); trees nest children in `items`. */
export interface RawOrganizationItem {
  id: string;
  value: string;
  /** 組織情報コード (assumed name). */
  code?: string;
  items?: RawOrganizationItem[];
  [key: string]: unknown;
}

/** `GET /members/v1.1/organization/{id}/items`. */
export interface RawOrganizationItems {
  type: 'list' | 'tree';
  items: RawOrganizationItem[];
  [key: string]: unknown;
}

/**
 * Everything a fake tenant serves: field definitions, every member (in page order), and
 * each organization's items response keyed by organization id — the same shape as the
 * client's `HrbrainSnapshot`.
 */
export interface HrbrainPayload {
  fields: RawFieldDefinition[];
  members: RawMember[];
  organizations: Record<string, RawOrganizationItems>;
}

/**
 * A payload given verbatim to {@link createFakeHrbrain}. It is served exactly as given and
 * not validated, so a test can also serve deliberately malformed data.
 */
export interface HrbrainPayloadInput {
  fields: readonly unknown[];
  members: readonly unknown[];
  organizations: Record<string, unknown>;
}
