#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { FakeHrbrainOptionsError } from './errors';
import { startFakeHrbrainServer } from './server/start-server';
import { createFakeHrbrain, type FakeHrbrainTenant } from './tenant/create-fake-hrbrain';
import type { FakeHrbrainDefects } from './tenant/options';

const USAGE = `Usage:
  hrbrain-mock serve    [tenant options] [--port N] [--host 127.0.0.1] [--latency MS] [--ignore-columns] [--json]
  hrbrain-mock generate [tenant options]      print the tenant's raw API payload as JSON

Tenant options:
  --members N            members to generate (default 1000)
  --seed N               PRNG seed (default 1): same seed, same tenant
  --departments N        departments including the root (default 40)
  --max-depth N          department tree depth, 1-10 (default 5)
  --client-id ID         the client ID to accept (default "demo")
  --client-secret S      the client secret to accept (default "demo-secret")
  --scopes a,b           scopes of the secret (default member:read,organization:read)
  --defect name=N        spoil records, e.g. --defect duplicateEmails=3 (repeatable)
  --rename LABEL         rename a default field label, e.g. --rename 性別 (repeatable)

serve prints the URL and credentials, then serves until Ctrl-C; on exit it prints to stderr
how many requests each METHOD /path received. --ignore-columns makes the members endpoint
serve every field whatever columns= asks (a server without the parameter).`;

const NUMERIC_DEFECTS = new Set([
  'missingDepartmentCodes',
  'duplicateDepartmentCodes',
  'tooDeepDepartments',
  'duplicateEmails',
  'missingNames',
  'missingKana',
  'missingEmails',
  'unknownDepartments',
  'unknownPulldownValues',
  'unknownDepartmentIds',
  'invalidEmployeeNumbers',
  'invalidBirthDates',
  'zonedBirthDates',
]);

class UsageError extends Error {}

function integer(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  // Digits only: `Number()` would also take '', ' ', '1e3' and '0x10'.
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new UsageError(`${flag} expects a whole number, got '${value}'.`);
  return n;
}

function tenantFrom(
  values: Record<string, string | boolean | string[] | undefined>,
): FakeHrbrainTenant {
  const defects: Record<string, unknown> = {};
  for (const entry of (values.defect as string[] | undefined) ?? []) {
    const [name = '', count] = entry.split('=');
    if (!NUMERIC_DEFECTS.has(name)) {
      throw new UsageError(
        `unknown defect '${name}'; use one of ${[...NUMERIC_DEFECTS].join(', ')}.`,
      );
    }
    defects[name] = integer(count, 1, `--defect ${name}`);
  }
  const renamed = values.rename as string[] | undefined;
  if (renamed && renamed.length > 0) defects.renamedFields = renamed;
  const scopes = values.scopes as string | undefined;
  return createFakeHrbrain({
    clientId: (values['client-id'] as string | undefined) ?? 'demo',
    clientSecret: (values['client-secret'] as string | undefined) ?? 'demo-secret',
    seed: integer(values.seed as string | undefined, 1, '--seed'),
    members: integer(values.members as string | undefined, 1000, '--members'),
    departments: {
      count: integer(values.departments as string | undefined, 40, '--departments'),
      maxDepth: integer(values['max-depth'] as string | undefined, 5, '--max-depth'),
    },
    ...(scopes !== undefined ? { scopes: scopes.split(',').map((s) => s.trim()) } : {}),
    defects: defects as FakeHrbrainDefects,
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      members: { type: 'string' },
      seed: { type: 'string' },
      departments: { type: 'string' },
      'max-depth': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      scopes: { type: 'string' },
      defect: { type: 'string', multiple: true },
      rename: { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      latency: { type: 'string' },
      'ignore-columns': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return values.help || command === 'help' ? 0 : 2;
  }
  if (command === 'generate') {
    process.stdout.write(`${JSON.stringify(tenantFrom(values).payload)}\n`);
    return 0;
  }
  if (command !== 'serve') throw new UsageError(`unknown command '${command}'.`);

  const tenant = tenantFrom(values);
  const latency = integer(values.latency, 0, '--latency');
  const server = await startFakeHrbrainServer({
    tenant,
    port: integer(values.port, 0, '--port'),
    ...(values.host ? { host: values.host } : {}),
    faults: {
      ...(latency > 0 ? { latencyMs: latency } : {}),
      ...(values['ignore-columns'] ? { ignoreColumns: true } : {}),
    },
  });
  const departments = tenant.payload.organizations[tenant.ids.organizations.department];
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ url: server.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret })}\n`,
    );
  } else {
    process.stdout.write(
      [
        `Fake HRBrain listening on ${server.url}`,
        `  client ID      ${tenant.clientId}`,
        // A fake tenant's secret is a test fixture: printing it is the point.
        `  client secret  ${tenant.clientSecret}`,
        `  scopes         ${tenant.scopes.join(', ')}`,
        `  tenant         ${tenant.payload.members.length} members, ${countItems(departments?.items ?? [])} departments, seed ${tenant.seed}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  process.stderr.write(`requests ${JSON.stringify(server.requestCounts())}\n`);
  return 0;
}

function countItems(items: readonly { items?: unknown }[]): number {
  let n = 0;
  for (const item of items) {
    n += 1;
    if (Array.isArray(item.items)) n += countItems(item.items as { items?: unknown }[]);
  }
  return n;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known =
      error instanceof UsageError ||
      FakeHrbrainOptionsError.isInstance(error) ||
      // parseArgs' own complaints (unknown flag, missing value) are usage errors too.
      String((error as { code?: unknown } | null)?.code ?? '').startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hrbrain-mock: ${message}\n${known ? `\n${USAGE}\n` : ''}`);
    process.exitCode = known ? 2 : 1;
  },
);
