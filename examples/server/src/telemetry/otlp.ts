import { metrics, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Logger } from '../log/logger.ts';

/**
 * Exports the sync core's spans and metrics over OTLP/HTTP (JSON) to `endpoint`
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. an OpenTelemetry Collector on :4318). The providers are
 * registered globally, which is where `runSync` looks when it is given none. What is exported
 * is what the core puts in its attributes: kinds, triggers, statuses, codes and counts, never
 * personal data. Returns a function that flushes and stops both.
 */
export function startOtlpExport(options: {
  endpoint: string;
  serviceName: string;
  role: string;
  logger: Logger;
  /** Metric export interval, ms (default 30 s). */
  metricIntervalMs?: number;
}): () => Promise<void> {
  const base = options.endpoint.replace(/\/+$/, '');
  const resource = resourceFromAttributes({
    'service.name': options.serviceName,
    'service.instance.role': options.role,
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }) }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
        exportIntervalMillis: options.metricIntervalMs ?? 30_000,
      }),
    ],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  // The endpoint may carry credentials in its userinfo: log the origin only.
  options.logger.info('OpenTelemetry export on', { endpoint: new URL(base).origin });
  return async () => {
    await tracerProvider.shutdown().catch(() => {});
    await meterProvider.shutdown().catch(() => {});
    trace.disable();
    metrics.disable();
  };
}
