/**
 * `@mikiwame/hrbrain-client`: a typed client for HRBrain's public API (fields, members,
 * organizations), with token handling, retries, pagination, typed errors and redaction.
 *
 * @packageDocumentation
 */

export { raceAbort } from './abort';
export {
  createHrbrainClient,
  type HrbrainClient,
  type HrbrainClientOptions,
} from './client';
export { parseClientId } from './client-id';
export {
  AbortError,
  AuthenticationError,
  ConnectionError,
  HrbrainApiError,
  type HrbrainApiErrorInit,
  HrbrainConfigError,
  HrbrainError,
  type HrbrainErrorCode,
  type HrbrainErrorOptions,
  HrbrainInternalError,
  HrbrainPagingError,
  HrbrainRedirectError,
  HrbrainResponseValidationError,
  type HrbrainScope,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './errors';
export type { HrbrainLogEntry, HrbrainLogger } from './logger';
export type { MemberList, MembersPage } from './member-list';
export type { FieldsResource } from './resources/fields';
export type { MembersListParams, MembersResource } from './resources/members';
export type { OrganizationsResource } from './resources/organizations';
export { maxOrganizationDepth } from './schemas';
export type {
  HrbrainFieldSelection,
  HrbrainSnapshotParams,
  HrbrainSnapshotProgress,
} from './snapshot';
export type { HrbrainRequestOptions } from './transport';
export type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItem,
  HrbrainOrganizationItems,
  HrbrainSnapshot,
} from './types';
export type { HrbrainConnectionCheck } from './verify-connection';
