import type { HrbrainTransport } from '../transport';

/** @internal What every resource needs from the client. */
export interface ResourceContext {
  transport: HrbrainTransport;
  /** Pages (and organizations) in flight at once. */
  concurrency: number;
}
