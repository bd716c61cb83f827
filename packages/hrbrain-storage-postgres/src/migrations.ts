import init from '../migrations/0001_init.sql';
import contractV2 from '../migrations/0002_contract_v2.sql';
import runTrigger from '../migrations/0003_run_trigger.sql';
import emailKeyTrim from '../migrations/0004_email_key_trim.sql';

/** One shipped migration: `name` is what the migrations table records. */
export interface Migration {
  name: string;
  /** Unqualified DDL; run it with `search_path` set to the adapter's schema. */
  sql: string;
}

/**
 * The SQL files under `migrations/`, embedded in the bundle so `migrate()` works from the
 * published ESM and CJS builds alike. Append only: never edit a migration that shipped.
 */
export const migrations: readonly Migration[] = [
  { name: '0001_init', sql: init },
  { name: '0002_contract_v2', sql: contractV2 },
  { name: '0003_run_trigger', sql: runTrigger },
  { name: '0004_email_key_trim', sql: emailKeyTrim },
];
