import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';

export const DEPARTMENTS = 'HRBrain部署情報取込';
export const EMPLOYEES = 'HRBrain社員情報取込';

/** Runs recorded in the quickstart's PGlite, read directly after the CLI has exited. */
export async function storedRuns(dataDir: string): Promise<Record<string, number>> {
  const db = await PGlite.create(join(dataDir, 'pglite'));
  try {
    const storage = createPostgresStorage({ client: db });
    const { runs } = await storage.listRuns('demo', { limit: 100 });
    return Object.fromEntries(
      (['departments', 'employees'] as const).map((kind) => [
        kind,
        runs.filter((run) => run.kind === kind).length,
      ]),
    );
  } finally {
    await db.close();
  }
}

export async function errorFiles(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, 'errors');
  return existsSync(dir) ? (await readdir(dir)).sort() : [];
}
