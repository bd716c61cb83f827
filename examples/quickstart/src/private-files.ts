import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files at rest (C5): the data directory holds the encryption key, PGlite's files (names,
 * e-mail addresses, birth dates) and the error CSVs (the same), so only its owner may read it.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) `0700`, and makes it `0700` if it already existed. */
export async function makePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    // `mkdir -p` on a file says EEXIST; what the user needs to hear is "not a directory".
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), {
      code: 'ENOTDIR',
      syscall: 'mkdir',
      path: dir,
    });
  }
  await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Sets every directory under `root` (itself included) to `0700` and every file to `0600`.
 * PGlite writes its files `0666` whatever the umask (its file system layer sets the mode
 * itself), so this runs after it has written them; meanwhile the `0700` directories keep
 * them out of reach. Symbolic links are left alone (never followed).
 */
export async function restrictTree(root: string): Promise<void> {
  const stat = await lstat(root);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) await chmod(root, PRIVATE_DIR_MODE);
    for (const name of await readdir(root)) await restrictTree(join(root, name));
  } else if ((stat.mode & 0o777) !== PRIVATE_FILE_MODE) {
    await chmod(root, PRIVATE_FILE_MODE);
  }
}

/**
 * What the quickstart itself keeps in a data directory. Only these are tightened: a
 * `--data-dir` may be a directory that also holds the user's own files.
 */
const OWN_ENTRIES = ['pglite', 'errors', 'connection-secret.key', 'pglite.lock'];

export async function restrictDataDir(dataDir: string): Promise<void> {
  for (const name of OWN_ENTRIES) {
    const path = join(dataDir, name);
    if (existsSync(path)) await restrictTree(path);
  }
}
