// Types only: `@opentelemetry/api` is an optional peer dependency. Nothing here loads it at
// import time; `loadOpenTelemetry` imports it lazily and a missing package means "no telemetry".
import type * as OtelApi from '@opentelemetry/api';
import type { ErrorRow, PlanSummary } from '../model/plan';
import type { SyncKind } from '../model/records';

/**
 * Where `runSync` sends traces and metrics. Without it (or with `{}`), the global providers of
 * `@opentelemetry/api` are used when that package is installed and an SDK registered them;
 * otherwise nothing is recorded and nothing is loaded. `false` turns telemetry off for a run.
 *
 * The providers are typed structurally so that this package's types do not need
 * `@opentelemetry/api` either: pass an SDK's `TracerProvider` / `MeterProvider`.
 */
export interface SyncTelemetryOptions {
  tracerProvider?: { getTracer(name: string, version?: string): unknown } | undefined;
  meterProvider?: { getMeter(name: string, version?: string): unknown } | undefined;
}

/** The instrumentation scope name of every span and instrument. */
export const TELEMETRY_SCOPE = '@mikiwame/hrbrain-sync-core';

/**
 * Every attribute name the core sets. Values are kinds, statuses, codes, counts and the run
 * and tenant ids only: never a name, an e-mail, a field value, a failure message or a secret.
 */
export type SyncAttributeName =
  | 'hrbrain.sync.kind'
  | 'hrbrain.sync.trigger'
  | 'hrbrain.sync.dry_run'
  | 'hrbrain.sync.status'
  | 'hrbrain.sync.run_id'
  | 'hrbrain.sync.tenant_id'
  | 'hrbrain.sync.failure_code'
  | 'hrbrain.sync.source'
  | 'hrbrain.sync.created'
  | 'hrbrain.sync.updated'
  | 'hrbrain.sync.linked'
  | 'hrbrain.sync.unchanged'
  | 'hrbrain.sync.skipped'
  | 'hrbrain.sync.error_rows'
  | 'hrbrain.sync.warning_rows'
  | 'hrbrain.sync.members'
  | 'hrbrain.sync.fields'
  | 'hrbrain.sync.organizations'
  | 'hrbrain.sync.creates'
  | 'hrbrain.sync.updates'
  | 'hrbrain.sync.links'
  | 'hrbrain.sync.outcome'
  | 'hrbrain.sync.error_code'
  | 'hrbrain.sync.severity';

type Attributes = Partial<Record<SyncAttributeName, string | number | boolean>>;

/** The phases of a run that get a child span. */
export type SyncPhase = 'fetch' | 'plan' | 'apply';

/** What a run ends with, for the run span and the metrics. */
export interface RunTelemetryResult {
  status: string;
  summary: PlanSummary | null;
  errors: readonly ErrorRow[];
  failureCode: string | null;
}

/** The telemetry of one run: child spans around its phases, then one `end`. */
export interface RunTelemetry {
  /** Runs `fn` inside a child span of the run span; `attributes(result)` is added on success. */
  phase<T>(
    name: SyncPhase,
    fn: () => Promise<T>,
    attributes?: (result: T) => Attributes,
  ): Promise<T>;
  /** Sets the run id once the run is recorded. */
  setRunId(runId: string): void;
  /** Ends the run span and records the metrics. Idempotent. */
  end(result: RunTelemetryResult): void;
}

let api: Promise<typeof OtelApi | null> | undefined;

/**
 * `@opentelemetry/api`, imported on first use; `null` when it is not installed (the core then
 * records nothing). Exported for tests.
 */
export function loadOpenTelemetry(): Promise<typeof OtelApi | null> {
  api ??= import('@opentelemetry/api').then(
    (module) =>
      (module as { trace?: unknown }).trace
        ? module
        : (module as unknown as { default: typeof OtelApi }).default,
    () => null,
  );
  return api;
}

const NOOP: RunTelemetry = {
  phase: (_name, fn) => fn(),
  setRunId: () => {},
  end: () => {},
};

interface Instruments {
  duration: OtelApi.Histogram;
  records: OtelApi.Counter;
  errorRows: OtelApi.Counter;
}

// One set of instruments per meter (a provider hands out the same meter for the same scope).
const instrumentsByMeter = new WeakMap<object, Instruments>();

function instrumentsOf(meter: OtelApi.Meter): Instruments {
  let instruments = instrumentsByMeter.get(meter);
  if (instruments === undefined) {
    instruments = {
      duration: meter.createHistogram('hrbrain.sync.run.duration', {
        description: 'Duration of a sync run, from taking the lock to recording its outcome.',
        unit: 's',
      }),
      records: meter.createCounter('hrbrain.sync.records', {
        description:
          'Source records of finished runs by outcome (created, updated, linked, unchanged, skipped).',
        unit: '{record}',
      }),
      errorRows: meter.createCounter('hrbrain.sync.error_rows', {
        description: 'Rows of the error file (J3) by error code and severity.',
        unit: '{row}',
      }),
    };
    instrumentsByMeter.set(meter, instruments);
  }
  return instruments;
}

/** Starts the telemetry of one run: a no-op when telemetry is off or unavailable. */
export async function startRunTelemetry(
  options: SyncTelemetryOptions | false | undefined,
  run: { tenantId: string; kind: SyncKind; trigger: string; dryRun: boolean },
): Promise<RunTelemetry> {
  if (options === false) return NOOP;
  const otel = await loadOpenTelemetry();
  if (otel === null) return NOOP;

  const tracer = (
    (options?.tracerProvider as OtelApi.TracerProvider | undefined) ??
    otel.trace.getTracerProvider()
  ).getTracer(TELEMETRY_SCOPE);
  const meter = (
    (options?.meterProvider as OtelApi.MeterProvider | undefined) ?? otel.metrics.getMeterProvider()
  ).getMeter(TELEMETRY_SCOPE);

  const base: Attributes = {
    'hrbrain.sync.kind': run.kind,
    'hrbrain.sync.trigger': run.trigger,
    'hrbrain.sync.dry_run': run.dryRun,
  };
  const started = performance.now();
  // Low-cardinality span names (kind and phase), details in attributes.
  const span = tracer.startSpan(`hrbrain.sync ${run.kind}`, {
    kind: otel.SpanKind.INTERNAL,
    attributes: { ...base, 'hrbrain.sync.tenant_id': run.tenantId },
  });
  const parent = otel.trace.setSpan(otel.context.active(), span);
  let ended = false;

  return {
    async phase(name, fn, attributes) {
      const child = tracer.startSpan(`hrbrain.sync.${name}`, { attributes: base }, parent);
      try {
        const result = await otel.context.with(otel.trace.setSpan(parent, child), fn);
        if (attributes && child.isRecording()) child.setAttributes(attributes(result));
        return result;
      } catch (error) {
        // The code only: a message may quote HRBrain's text.
        child.setStatus({ code: otel.SpanStatusCode.ERROR, message: errorCode(error) });
        child.setAttribute('hrbrain.sync.failure_code', errorCode(error));
        throw error;
      } finally {
        child.end();
      }
    },
    setRunId(runId) {
      span.setAttribute('hrbrain.sync.run_id', runId);
    },
    end(result) {
      if (ended) return;
      ended = true;
      const final: Attributes = { ...base, 'hrbrain.sync.status': result.status };
      const { summary } = result;
      let errorRows = 0;
      let warningRows = 0;
      for (const row of result.errors) {
        if (row.severity === 'warning') warningRows++;
        else errorRows++;
      }
      if (span.isRecording()) {
        span.setAttributes({
          ...final,
          ...(result.failureCode === null
            ? {}
            : { 'hrbrain.sync.failure_code': result.failureCode }),
          ...(summary === null
            ? {}
            : {
                'hrbrain.sync.source': summary.source,
                'hrbrain.sync.created': summary.created,
                'hrbrain.sync.updated': summary.updated,
                'hrbrain.sync.linked': countOf(summary, 'linked'),
                'hrbrain.sync.unchanged': summary.unchanged,
                'hrbrain.sync.skipped': summary.skipped,
              }),
          'hrbrain.sync.error_rows': errorRows,
          'hrbrain.sync.warning_rows': warningRows,
        });
      }
      if (result.status === 'failed') {
        span.setStatus({
          code: otel.SpanStatusCode.ERROR,
          message: result.failureCode ?? 'failed',
        });
      }
      span.end();

      const instruments = instrumentsOf(meter);
      instruments.duration.record((performance.now() - started) / 1000, final);
      // A dry run applied nothing: its counts are what it would have done, not records written.
      if (summary !== null && !run.dryRun && result.status !== 'failed') {
        for (const outcome of ['created', 'updated', 'linked', 'unchanged', 'skipped'] as const) {
          const value = countOf(summary, outcome);
          if (value > 0) {
            instruments.records.add(value, { ...base, 'hrbrain.sync.outcome': outcome });
          }
        }
      }
      const byCode = new Map<string, number>();
      for (const row of result.errors) {
        const key = `${row.code}\u0000${row.severity}`;
        byCode.set(key, (byCode.get(key) ?? 0) + 1);
      }
      for (const [key, count] of byCode) {
        const [code = '', severity = ''] = key.split('\u0000');
        instruments.errorRows.add(count, {
          ...base,
          'hrbrain.sync.error_code': code,
          'hrbrain.sync.severity': severity,
        });
      }
    },
  };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : 'UNKNOWN_ERROR';
}

// `linked` is read as 0 from summaries stored before it existed.
function countOf(summary: PlanSummary, outcome: string): number {
  const value = (summary as unknown as Record<string, unknown>)[outcome];
  return typeof value === 'number' ? value : 0;
}
