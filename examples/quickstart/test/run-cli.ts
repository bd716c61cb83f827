import { spawn } from 'node:child_process';
import { join } from 'node:path';

const main = join(import.meta.dirname, '..', 'src', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (`node src/main.ts`, as `pnpm demo` does) in a child process. The
 * environment is the test's own minus anything that would point the demo elsewhere, plus
 * `env`; stdout/stderr are pipes, so the CLI takes its non-TTY (CI) output path.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const {
    DATABASE_URL: _db,
    HRBRAIN_CLIENT_ID: _id,
    HRBRAIN_CLIENT_SECRET: _secret,
    ...inherited
  } = process.env;
  return new Promise((resolve, reject) => {
    // The flags `pnpm demo` uses (package.json), so Node 22.12–22.17 run the .ts sources too.
    const flags = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];
    const child = spawn(process.execPath, [...flags, main, ...args], {
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The numbers of one row of the summary table, by run label. */
export function summaryRow(stdout: string, label: string) {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(label));
  if (!line) throw new Error(`No summary row "${label}" in:\n${stdout}`);
  const [, source, created, updated, linked, unchanged, skipped, warnings, status] = line
    .trim()
    .split(/\s+/);
  return {
    source: Number(source),
    created: Number(created),
    updated: Number(updated),
    linked: Number(linked),
    unchanged: Number(unchanged),
    skipped: Number(skipped),
    warnings: Number(warnings),
    status,
  };
}

/** Lines of stderr that are not progress output (progress lines start with two spaces). */
export function failureLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('  '));
}
