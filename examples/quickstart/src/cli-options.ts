import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from './config-error.ts';

/** Everything the quickstart can be told, from flags and the environment. */
export interface QuickstartOptions {
  /** Plan and print, write nothing (J6). */
  dryRun: boolean;
  /** Size of the generated fake tenant. */
  members: number;
  /** Seed of the generated fake tenant: same seed, same tenant. */
  seed: number;
  /** Transfers (異動) to make in the fake tenant before syncing, to show updates. */
  hrEdits: number;
  /**
   * J7: refuse a run that would create or update more than {@link CHANGE_GUARD_RATIO} of the
   * tenant's existing records. `--no-change-guard` turns it off for one run.
   */
  changeGuard: boolean;
  /** Where PGlite, the encryption key and the error CSVs live. */
  dataDir: string;
  /** An HRBrain-compatible server to use instead of starting the fake one. */
  hrbrainUrl: string | null;
  clientId: string;
  clientSecret: string;
  /** The Mikiwame tenant the records belong to. */
  tenantId: string;
  /** `DATABASE_URL`: a real PostgreSQL server instead of PGlite. */
  databaseUrl: string | null;
  /** Print the cause chain of a failure as well as its one-line summary. */
  verbose: boolean;
  help: boolean;
  /**
   * How the user started the demo, for the commands it suggests: `npm run demo` (the README's
   * command; flags go after `--`) or `pnpm demo`. From `npm_config_user_agent`.
   */
  invokedBy: 'npm' | 'pnpm';
}

/** The fake tenant's credentials; also the defaults, so `pnpm demo` needs no setup. */
export const DEMO_CLIENT_ID = 'demo-tenant';
export const DEMO_CLIENT_SECRET = 'demo-secret-token';

/** J7: the share of existing records one run may create or update (20 %). */
export const CHANGE_GUARD_RATIO = 0.2;

export const HELP = `Usage: npm run demo -- [options]     (or: pnpm demo [options])

Starts a fake HRBrain with a seeded tenant, then does what an admin does in the manual:
connect (手順1), sync departments (手順2), sync employees (手順3), into PGlite under the
data directory, or into the PostgreSQL server in DATABASE_URL.

Options:
  --dry-run               show the plan (counts and samples) and write nothing
  --members <n>           employees in the fake tenant (default 1000)
  --seed <n>              seed of the fake tenant (default 1)
  --hr-edits <n>          move n employees to another department in the fake HRBrain first,
                          as if HR had done it since the last sync: the run shows n updates
  --no-change-guard       apply a run even if it creates or updates more than ${CHANGE_GUARD_RATIO * 100}% of the
                          records already synced (J7; the guard stops such a run by default)
  --data-dir <path>       PGlite, key and error CSVs (default examples/quickstart/.data)
  --hrbrain-url <url>     use this HRBrain-compatible server instead of starting the fake one
  --client-id <id>        HRBrain client ID (env HRBRAIN_CLIENT_ID, default ${DEMO_CLIENT_ID})
  --client-secret <s>     HRBrain client secret (env HRBRAIN_CLIENT_SECRET, default: the fake's)
  --tenant <id>           Mikiwame tenant id the records belong to (default demo)
  --verbose               on failure, print the cause chain too
  -h, --help              show this help

Environment:
  DATABASE_URL            postgres://… to use a real PostgreSQL server instead of PGlite
`;

const defaultDataDir = resolve(import.meta.dirname, '..', '.data');

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`--${name} must be a whole number ≥ ${min}, got "${raw}".`);
  }
  return value;
}

/**
 * The command that repeats this run against the same fake tenant and database: the "run it
 * again, 0 created, 0 updated" hint is only true with the same --members, --seed, --data-dir
 * and --tenant (another size or seed is another tenant).
 */
export function rerunCommand(
  options: QuickstartOptions,
  { sameRun = false, extraFlags = [] }: { sameRun?: boolean; extraFlags?: string[] } = {},
): string {
  const flags: string[] = [];
  if (sameRun && options.hrbrainUrl !== null) {
    flags.push(`--hrbrain-url ${quote(options.hrbrainUrl)}`);
    if (options.clientId !== DEMO_CLIENT_ID) flags.push(`--client-id ${quote(options.clientId)}`);
  }
  if (options.members !== 1000) flags.push(`--members ${options.members}`);
  if (options.seed !== 1) flags.push(`--seed ${options.seed}`);
  if (options.dataDir !== defaultDataDir) flags.push(`--data-dir ${quote(options.dataDir)}`);
  if (options.tenantId !== 'demo') flags.push(`--tenant ${quote(options.tenantId)}`);
  // `sameRun`: the command that repeats this very run (the same HRBrain edits too); never
  // the secret, which the user passes as they did before.
  if (sameRun && options.hrEdits > 0) flags.push(`--hr-edits ${options.hrEdits}`);
  flags.push(...extraFlags);
  // npm takes flags before `--` as its own (`npm run demo --members 5` loses the flag).
  if (options.invokedBy === 'npm') {
    return flags.length === 0 ? 'npm run demo' : ['npm run demo --', ...flags].join(' ');
  }
  return ['pnpm demo', ...flags].join(' ');
}

const quote = (value: string) =>
  /^[\w./@:-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

/** Reads flags and environment; throws `ConfigError` with the fix for anything unusable. */
export function parseQuickstartOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): QuickstartOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    // parseArgs' own messages are clear ("Unknown option '--x'"); add where to look.
    // Some span lines ("… is ambiguous.\nDid you forget …"): the user gets one line.
    const message = (error as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
    throw new ConfigError(`${message}. Run with --help to see the options.`);
  }
  const blankToNull = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? null : value.trim();
  return {
    dryRun: values['dry-run'] ?? false,
    members: integer('members', values.members, 1000, 1),
    seed: integer('seed', values.seed, 1, 0),
    hrEdits: integer('hr-edits', values['hr-edits'], 0, 0),
    changeGuard: !(values['no-change-guard'] ?? false),
    dataDir: resolve(values['data-dir'] ?? defaultDataDir),
    hrbrainUrl: blankToNull(values['hrbrain-url']),
    clientId: values['client-id'] ?? blankToNull(env.HRBRAIN_CLIENT_ID) ?? DEMO_CLIENT_ID,
    clientSecret: values['client-secret'] ?? env.HRBRAIN_CLIENT_SECRET ?? DEMO_CLIENT_SECRET,
    tenantId: values.tenant ?? 'demo',
    databaseUrl: blankToNull(env.DATABASE_URL),
    verbose: values.verbose ?? false,
    help: values.help ?? false,
    invokedBy: (env.npm_config_user_agent ?? '').startsWith('npm/') ? 'npm' : 'pnpm',
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'dry-run': { type: 'boolean' },
      members: { type: 'string' },
      seed: { type: 'string' },
      'hr-edits': { type: 'string' },
      'no-change-guard': { type: 'boolean' },
      'data-dir': { type: 'string' },
      'hrbrain-url': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      tenant: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
