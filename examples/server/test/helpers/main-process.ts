// `node src/main.ts` as a child process of a test, with its own embedded PostgreSQL under
// `dataDir` (no DATABASE_URL): for the tests of what the process itself does (J1: starts,
// stops, is killed).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface MainProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  /** Resolves once the banner says the admin page is up; rejects if the process exits first. */
  ready: Promise<void>;
  /** `[code, signal]` of the exit. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Starts the server; `nodeArgs` go before the script (e.g. `--import` of a preload). */
export function startMain(dataDir: string, nodeArgs: readonly string[] = []): MainProcess {
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.stdout.includes('admin page:')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the server exited before it was ready:\n${output.stderr}`));
    });
  });
  return { child, output, ready, exited };
}

/** Whether a process with this pid exists (EPERM: it does, as another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
