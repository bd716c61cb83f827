import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';

let counter = 0;

/** A schema name no other test uses. */
export function uniqueSchema(prefix = 'test'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A pool on the embedded server started by the global setup. */
export function serverPool(max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max });
  pool.on('error', () => {
    // An idle client whose backend a fault test terminated: the pool drops it.
  });
  return pool;
}

export async function newPglite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}
