import { chmod, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createHrbrainClient, parseClientId } from '@mikiwame/hrbrain-client';
import { startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';
import {
  type ErrorRow,
  type FullSyncResult,
  renderErrorCsv,
  runFullSync,
  type SyncKind,
  type SyncProgressEvent,
  type SyncRun,
} from '@mikiwame/hrbrain-sync-core';
import {
  CHANGE_GUARD_RATIO,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  type QuickstartOptions,
  rerunCommand,
} from './cli-options.ts';
import { ConfigError } from './config-error.ts';
import { createDemoTenant } from './demo-tenant.ts';
import { previewPlans } from './dry-run.ts';
import { applyHrEdits } from './hr-edits.ts';
import {
  describeDatabaseUrl,
  hasDatabase,
  type OpenedStorage,
  openStorage,
} from './open-storage.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from './private-files.ts';
import { createProgressReporter, type ProgressReporter, type ProgressStream } from './progress.ts';
import { openSecretBox, type SecretBox } from './secret-box.ts';
import { RUN_LABELS, renderSummaryTable, type SummaryRow } from './summary-table.ts';
import { syncProgressHandler } from './sync-progress.ts';

export interface QuickstartIo {
  /** Results: steps, the summary table, file paths. */
  stdout: ProgressStream;
  /** Progress bars, so `pnpm demo > result.txt` keeps only the results. */
  stderr: ProgressStream;
  /** Ctrl-C: stops between steps; a sync that has not applied yet ends `failed` (ABORTED). */
  signal?: AbortSignal;
}

/**
 * The main job, as an admin does it in the manual: 手順1 connect (verify, then store the
 * connection), 手順2 sync departments, 手順3 sync employees; then the summary and error file.
 */
export async function runQuickstart(options: QuickstartOptions, io: QuickstartIo): Promise<void> {
  const say = (line = '') => io.stdout.write(`${line}\n`);
  const progress = createProgressReporter(io.stderr);
  // Cheap checks first: C4 (a client ID that is not a subdomain never reaches the network)
  // and the shape of DATABASE_URL, before anything is started.
  parseClientId(options.clientId);
  if (options.databaseUrl !== null) describeDatabaseUrl(options.databaseUrl);
  if (options.hrbrainUrl && options.hrEdits > 0) {
    throw new ConfigError(
      '--hr-edits changes the fake HRBrain; leave out --hrbrain-url to use it.',
    );
  }

  // Started only when no --hrbrain-url is given: it accepts the demo credentials, so a
  // --client-secret of your own is refused exactly as HRBrain would refuse it.
  const tenant = options.hrbrainUrl
    ? null
    : createDemoTenant({
        clientId: DEMO_CLIENT_ID,
        clientSecret: DEMO_CLIENT_SECRET,
        members: options.members,
        seed: options.seed,
      });
  const transfers = tenant ? applyHrEdits(tenant, options.hrEdits) : 0;
  const fake = tenant ? await startFakeHrbrainServer({ tenant }) : null;
  let opened: OpenedStorage | null = null;
  try {
    const baseUrl = options.hrbrainUrl ?? fake!.url;
    say(
      fake
        ? `HRBrain:  fake tenant "${DEMO_CLIENT_ID}", ${options.members} members, seed ${options.seed}${transfers > 0 ? `, ${transfers} transfers (異動) since the last sync` : ''}, at ${baseUrl}`
        : `HRBrain:  ${baseUrl}, client ID "${options.clientId}"`,
    );
    if (options.dryRun) say('Mode:     dry run: plans only, nothing is written');

    // 手順1 (C2): verify against HRBrain before anything is stored.
    say('手順1  HRBrain連携: verifying the client ID and secret…');
    const client = createHrbrainClient({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      baseUrl,
      // A wrong URL should fail in seconds, not after the full retry budget.
      maxRetries: 1,
    });
    const check = await client.verifyConnection({}, { signal: io.signal });
    say(
      `       verified: ${check.memberCount} members readable, scopes ${check.verifiedScopes.join(', ')}`,
    );

    if (options.dryRun) {
      // J6: a preview stores nothing, not even the connection.
      if (hasDatabase(options)) opened = await openStorage(options);
      say(`       storage: ${opened?.description ?? 'nothing synced yet (no database)'}`);
      say('       dry run: credentials verified, the connection is not saved.');
      await previewPlans({
        changeGuardRatio: options.changeGuard ? CHANGE_GUARD_RATIO : null,
        client,
        storage: opened?.storage ?? null,
        tenantId: options.tenantId,
        progress,
        say,
        signal: io.signal,
      });
      return;
    }

    opened = await openStorage(options);
    say(`       storage: ${opened.description}`);
    const box = await openSecretBox(options.dataDir);
    await opened.storage.saveConnection({
      tenantId: options.tenantId,
      clientId: options.clientId,
      clientSecret: box.seal(options.clientSecret),
      connectedAt: new Date(),
      connectedBy: 'quickstart',
    });
    say('       連携が完了しました — connection saved, secret encrypted (C2, C3).');

    const rows: SummaryRow[] = [];
    const files: string[] = [];
    io.signal?.throwIfAborted();
    // E11: departments, then employees — from one read of HRBrain, as two recorded runs.
    const steps = { departments: '手順2', employees: '手順3' } as const;
    const result = await fullSyncFromStoredConnection({
      opened,
      box,
      baseUrl,
      options,
      progress,
      signal: io.signal,
      onRunStart: (kind) => say(`${steps[kind]}  ${RUN_LABELS[kind]}: syncing ${kind}…`),
    });
    for (const kind of ['departments', 'employees'] as const) {
      const run = result[kind];
      if (run === null) break; // not started: the departments run failed (reported below)
      if (run.status === 'failed' || !run.summary) {
        // J2: a failed run applied nothing; its failure says why (FIELD_NOT_FOUND, ABORTED …).
        const code = run.failure?.code ?? 'unknown';
        // J7: say how to lift the guard, with this run's own flags.
        const lift =
          code === 'CHANGE_GUARD_TRIPPED'
            ? ` If the changes are right, apply them with \`${rerunCommand(options, { sameRun: true, extraFlags: ['--no-change-guard'] })}\`.`
            : '';
        throw new ConfigError(
          `The ${kind} sync failed, nothing was applied (${code}): ${run.failure?.message ?? 'no reason recorded'}${lift}`,
        );
      }
      rows.push({ kind, status: run.status, summary: run.summary });
      const errors = await opened.storage.listRunErrors(options.tenantId, run.id);
      if (errors.length > 0) files.push(await writeErrorFile(options.dataDir, kind, run, errors));
    }

    say();
    say(renderSummaryTable(rows));
    say();
    for (const file of files) say(`Error file (J3, open in Excel): ${displayPath(file)}`);
    if (files.length === 0) say('No error rows: nothing to fix in HRBrain.');
    if (fake && transfers === 0) {
      const again = (...extraFlags: string[]) => rerunCommand(options, { extraFlags });
      say(`Run \`${again()}\` again: the tenant is seeded, so it creates and updates nothing.`);
      say(
        `Run \`${again('--hr-edits', '5')}\` to see updates: five transfers (異動) made in HRBrain.`,
      );
      if (options.changeGuard) {
        const many = Math.ceil(options.members * CHANGE_GUARD_RATIO * 1.5);
        say(
          `Run \`${again('--hr-edits', String(many))}\` to see the change guard (J7) stop a run that changes more than ${CHANGE_GUARD_RATIO * 100}%.`,
        );
      }
    }
  } finally {
    await fake?.close();
    await opened?.close();
  }
}

interface SyncStepInput {
  opened: OpenedStorage;
  box: SecretBox;
  baseUrl: string;
  options: QuickstartOptions;
  progress: ProgressReporter;
  signal: AbortSignal | undefined;
  /** Called as each run of the full sync starts. */
  onRunStart: (kind: SyncKind) => void;
}

/**
 * What a background job does: read the tenant's stored connection (C3: none → refuse),
 * build a client from it and run the full sync (departments, then employees: E11) from one
 * read of HRBrain. Nothing here reuses the connect step's client.
 */
async function fullSyncFromStoredConnection(input: SyncStepInput): Promise<FullSyncResult> {
  const { opened, options } = input;
  const connection = await opened.storage.getConnection(options.tenantId);
  if (!connection) throw new ConfigError('Not connected to HRBrain: connect first (手順1).');
  const client = createHrbrainClient({
    clientId: connection.clientId,
    clientSecret: input.box.open(connection.clientSecret),
    baseUrl: input.baseUrl,
  });
  // One set of bars per run; the members read (once, in the departments run) reports
  // `fetching` with counts.
  let current: { kind: SyncKind; handler: ReturnType<typeof syncProgressHandler> } | null = null;
  const onProgress = (event: SyncProgressEvent) => {
    if (current?.kind !== event.kind) {
      current?.handler.finish();
      input.onRunStart(event.kind);
      current = { kind: event.kind, handler: syncProgressHandler(input.progress, event.kind) };
    }
    if (event.phase === 'fetching' && event.fetched !== undefined && event.total !== undefined) {
      current.handler.snapshot.update({
        phase: 'members',
        completed: event.fetched,
        total: event.total,
        fetched: event.fetched,
      });
    }
    current.handler.update(event);
  };
  try {
    return await runFullSync({
      tenantId: options.tenantId,
      source: client,
      storage: opened.storage,
      onProgress,
      ...(options.changeGuard ? { changeGuard: { maxChangeRatio: CHANGE_GUARD_RATIO } } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } finally {
    (current as { handler: ReturnType<typeof syncProgressHandler> } | null)?.handler.finish();
  }
}

async function writeErrorFile(
  dataDir: string,
  kind: SyncKind,
  run: SyncRun,
  errors: ErrorRow[],
): Promise<string> {
  const dir = join(dataDir, 'errors');
  // C5: the rows name people (e-mail, 氏名): owner-only, like everything under the data dir.
  await makePrivateDir(dir);
  const stamp = (run.finishedAt ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `${kind}-${stamp}-${run.id.slice(0, 8)}.csv`);
  await writeFile(file, renderErrorCsv(errors, { kind }), { mode: PRIVATE_FILE_MODE });
  await chmod(file, PRIVATE_FILE_MODE); // `mode` applies only when the file is created
  return file;
}

/** Relative to where the user ran `pnpm demo` when that is shorter. */
function displayPath(file: string): string {
  const base = process.env.INIT_CWD ?? process.cwd();
  const rel = relative(base, file);
  return rel.startsWith('..') ? file : rel;
}
