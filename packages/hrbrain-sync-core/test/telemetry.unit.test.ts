import { type Attributes, context, metrics, propagation, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync, type SnapshotSource } from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { createTestStorage } from './support/storage';

const tenantId = 'tenant-a';
const source: SnapshotSource = { snapshot: async () => structuredClone(example) as never };

function sdk() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 60_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    spans,
    tracerProvider,
    meterProvider,
    async metrics(): Promise<ResourceMetrics[]> {
      await reader.forceFlush();
      return metricExporter.getMetrics();
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** Every string that is personal data in the fixture: names, kana, e-mails, numbers, birthdays. */
function personalValues(): string[] {
  const values = new Set<string>();
  for (const member of example.members as { fields: { value?: unknown }[] }[]) {
    for (const field of member.fields) {
      if (typeof field.value === 'string' && field.value.trim().length >= 2) {
        values.add(field.value.trim());
      }
    }
  }
  return [...values];
}

function attributeValues(spans: readonly ReadableSpan[], resourceMetrics: ResourceMetrics[]) {
  const all: Attributes[] = spans.map((span) => span.attributes);
  for (const span of spans) all.push({ status: span.status.message ?? '', name: span.name });
  for (const rm of resourceMetrics) {
    for (const scope of rm.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints) all.push(point.attributes);
      }
    }
  }
  return all.flatMap((attributes) => Object.values(attributes).map((value) => String(value)));
}

function metric(resourceMetrics: ResourceMetrics[], name: string) {
  for (const rm of resourceMetrics) {
    for (const scope of rm.scopeMetrics) {
      const found = scope.metrics.find((m) => m.descriptor.name === name);
      if (found) return found;
    }
  }
  throw new Error(`no metric ${name}`);
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  trace.disable();
  metrics.disable();
  context.disable();
  propagation.disable();
});

describe('OpenTelemetry (optional peer)', () => {
  it('OTEL-1: a run is one span with fetch, plan and apply children, carrying kind, trigger, counts and status', async () => {
    const otel = sdk();
    cleanups.push(otel.shutdown);
    const storage = createTestStorage();
    const run = await runSync({
      tenantId,
      kind: 'departments',
      source,
      storage,
      trigger: { type: 'webhook', deliveryId: 'evt_1' },
      telemetry: { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider },
    });
    const spans = otel.spans.getFinishedSpans();
    const root = spans.find((s) => s.name === 'hrbrain.sync departments');
    expect(root).toBeDefined();
    const children = spans.filter(
      (s) => s.parentSpanContext?.spanId === root?.spanContext().spanId,
    );
    expect(children.map((s) => s.name)).toEqual([
      'hrbrain.sync.fetch',
      'hrbrain.sync.plan',
      'hrbrain.sync.apply',
    ]);
    expect(root?.attributes).toMatchObject({
      'hrbrain.sync.kind': 'departments',
      'hrbrain.sync.trigger': 'webhook',
      'hrbrain.sync.status': run.status,
      'hrbrain.sync.run_id': run.id,
      'hrbrain.sync.source': run.summary?.source,
      'hrbrain.sync.created': run.summary?.created,
      'hrbrain.sync.skipped': run.summary?.skipped,
      'hrbrain.sync.error_rows': run.errorCount,
    });
    expect(children[0]?.attributes).toMatchObject({ 'hrbrain.sync.members': 7 });
    expect(children[2]?.attributes).toMatchObject({
      'hrbrain.sync.creates': run.summary?.created,
    });
  });

  it('OTEL-2: metrics — run duration, records by outcome, error rows by code', async () => {
    const otel = sdk();
    cleanups.push(otel.shutdown);
    const storage = createTestStorage();
    const telemetry = { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider };
    await runSync({ tenantId, kind: 'departments', source, storage, telemetry });
    const employees = await runSync({ tenantId, kind: 'employees', source, storage, telemetry });
    const data = await otel.metrics();

    const duration = metric(data, 'hrbrain.sync.run.duration');
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints.map((p) => p.attributes['hrbrain.sync.kind']).sort()).toEqual([
      'departments',
      'employees',
    ]);
    const records = metric(data, 'hrbrain.sync.records');
    const created = records.dataPoints.find(
      (p) =>
        p.attributes['hrbrain.sync.kind'] === 'employees' &&
        p.attributes['hrbrain.sync.outcome'] === 'created',
    );
    expect(created?.value).toBe(employees.summary?.created);
    const errorRows = metric(data, 'hrbrain.sync.error_rows');
    const employeeRows = errorRows.dataPoints.filter(
      (p) => p.attributes['hrbrain.sync.kind'] === 'employees',
    );
    const total = employeeRows.reduce((sum, p) => sum + (p.value as number), 0);
    expect(total).toBe(employees.errorCount + employees.warningCount);
    for (const point of employeeRows) {
      expect(point.attributes['hrbrain.sync.error_code']).toMatch(/^[A-Z_]+$/);
    }
    // Trigger defaults to manual (D6/E11).
    expect(duration.dataPoints[0]?.attributes['hrbrain.sync.trigger']).toBe('manual');
  });

  it('OTEL-3: no span or metric attribute holds a name, kana, e-mail, employee number or birthday', async () => {
    const otel = sdk();
    cleanups.push(otel.shutdown);
    const storage = createTestStorage();
    const telemetry = { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider };
    await runSync({ tenantId, kind: 'departments', source, storage, telemetry });
    await runSync({ tenantId, kind: 'employees', source, storage, telemetry });
    const values = attributeValues(otel.spans.getFinishedSpans(), await otel.metrics());
    expect(values.length).toBeGreaterThan(20);
    const personal = personalValues();
    expect(personal.length).toBeGreaterThan(10);
    for (const value of values) {
      expect(value).not.toMatch(/@/);
      for (const secret of personal) expect(value).not.toContain(secret);
    }
  });

  it('OTEL-4: a failed run marks its span ERROR with the failure code only (never the message)', async () => {
    const otel = sdk();
    cleanups.push(otel.shutdown);
    const failing: SnapshotSource = {
      snapshot: async () => {
        throw Object.assign(
          new Error('HRBrain said: user 山田太郎 <taro@example.com> is invalid'),
          {
            name: 'ApiError',
            code: 'API_ERROR',
          },
        );
      },
    };
    const run = await runSync({
      tenantId,
      kind: 'departments',
      source: failing,
      storage: createTestStorage(),
      telemetry: { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider },
    });
    expect(run.status).toBe('failed');
    const spans = otel.spans.getFinishedSpans();
    const root = spans.find((s) => s.name === 'hrbrain.sync departments');
    expect(root?.status).toEqual({ code: 2, message: 'API_ERROR' });
    expect(root?.attributes['hrbrain.sync.failure_code']).toBe('API_ERROR');
    const fetch = spans.find((s) => s.name === 'hrbrain.sync.fetch');
    expect(fetch?.status.code).toBe(2);
    const all = JSON.stringify(spans.map((s) => [s.attributes, s.status, s.events]));
    expect(all).not.toContain('山田');
    expect(all).not.toContain('taro@');
  });

  it('OTEL-5: with the global providers (an SDK registered) runs are traced; with none, or telemetry: false, nothing is recorded and runs still work', async () => {
    const storage = createTestStorage();
    // No SDK registered: the API's no-op providers.
    const quiet = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(quiet.status).toBe('completed_with_errors');

    const otel = sdk();
    cleanups.push(otel.shutdown);
    trace.setGlobalTracerProvider(otel.tracerProvider);
    metrics.setGlobalMeterProvider(otel.meterProvider);
    await runSync({ tenantId, kind: 'departments', source, storage, telemetry: false });
    expect(otel.spans.getFinishedSpans()).toEqual([]);
    await runSync({ tenantId, kind: 'departments', source, storage });
    expect(otel.spans.getFinishedSpans().map((s) => s.name)).toContain('hrbrain.sync departments');
  });
});
