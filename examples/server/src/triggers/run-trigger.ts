/** What started a run (recorded on the run; shown in the run list). */
export type RunTriggerType = 'manual' | 'schedule' | 'webhook';

export interface RunTrigger {
  type: RunTriggerType;
  /** Who or what: the API key's label for `manual`, the cron and zone for `schedule`. */
  by?: string | null;
  /** `webhook`: the first delivery id (`webhook-id`) of the deliveries this run answers. */
  deliveryId?: string | null;
}
