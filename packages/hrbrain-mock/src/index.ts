/**
 * `@mikiwame/hrbrain-mock`: a faithful fake HRBrain for tests and demos — seeded tenants
 * with defect knobs ({@link createFakeHrbrain}), msw handlers with runtime faults
 * ({@link createHrbrainHandlers}), and the same handlers on a loopback HTTP server
 * ({@link startFakeHrbrainServer}).
 *
 * @packageDocumentation
 */
export {
  FakeHrbrainError,
  type FakeHrbrainErrorCode,
  type FakeHrbrainErrorOptions,
  FakeHrbrainOptionsError,
} from './errors';
export {
  createHrbrainHandlers,
  type HrbrainHandlers,
  type HrbrainHandlersControl,
  type HrbrainHandlersOptions,
  type HrbrainRequestLogEntry,
} from './handlers/create-handlers';
export type { CountedFault, FaultName, FaultPath, HrbrainFaults } from './handlers/faults';
export type { HrbrainErrorBody } from './handlers/responses';
export {
  type FakeHrbrainChange,
  type FakeHrbrainServer,
  type FakeHrbrainServerOptions,
  startFakeHrbrainServer,
} from './server/start-server';
export {
  createFakeHrbrain,
  DEFAULT_SCOPES,
  type FakeHrbrainTenant,
} from './tenant/create-fake-hrbrain';
export type { FakeHrbrainDefectReport } from './tenant/defect-report';
export type { FieldKey, OrganizationKey } from './tenant/fields';
export type { FakeHrbrainDefects, FakeHrbrainOptions, FakeHrbrainVariety } from './tenant/options';
export type {
  HrbrainPayload,
  HrbrainPayloadInput,
  RawFieldDefinition,
  RawMember,
  RawMemberField,
  RawOrganizationItem,
  RawOrganizationItems,
} from './tenant/payload';
export {
  type FakeHrbrainWebhookDelivery,
  type FakeHrbrainWebhookEvent,
  type FakeHrbrainWebhookEventType,
  type FakeHrbrainWebhookOptions,
  sendFakeHrbrainWebhook,
  signFakeHrbrainWebhook,
} from './webhooks/webhook-sender';
