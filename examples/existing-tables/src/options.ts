/** What the sync is told, from the environment. */
export interface SyncOptions {
  /** The database that holds companies, org_units and staff. */
  databaseUrl: string;
  /** The company (tenant) whose departments and staff are synced: companies.id. */
  companyId: string;
  /** Any HRBrain (e.g. `hrbrain-mock serve`); null = start the seeded fake one. */
  hrbrain: { url: string; clientId: string; clientSecret: string } | null;
}

/** A setting the user fixes; main prints its message as one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readOptions(env: NodeJS.ProcessEnv): SyncOptions {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? null : raw;
  };
  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl === null) {
    throw new ConfigError(
      'Set DATABASE_URL to the database that holds companies, org_units and staff (postgres://user:password@host:5432/db).',
    );
  }
  const companyId = value('COMPANY_ID');
  if (companyId === null || !/^\d{1,18}$/.test(companyId)) {
    throw new ConfigError(
      'Set COMPANY_ID to the id of the company to sync (companies.id, a number).',
    );
  }
  const names = ['HRBRAIN_URL', 'HRBRAIN_CLIENT_ID', 'HRBRAIN_CLIENT_SECRET'] as const;
  const given = names.filter((name) => value(name) !== null);
  if (given.length > 0 && given.length < names.length) {
    const missing = names.filter((name) => value(name) === null);
    throw new ConfigError(
      `Set all of HRBRAIN_URL, HRBRAIN_CLIENT_ID and HRBRAIN_CLIENT_SECRET, or none (a seeded fake HRBrain); missing: ${missing.join(', ')}.`,
    );
  }
  return {
    databaseUrl,
    companyId,
    hrbrain:
      given.length === 0
        ? null
        : {
            url: value('HRBRAIN_URL')!,
            clientId: value('HRBRAIN_CLIENT_ID')!,
            clientSecret: value('HRBRAIN_CLIENT_SECRET')!,
          },
  };
}
