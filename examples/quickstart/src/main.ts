// The `pnpm demo` entry point: parse flags, run the quickstart, and turn any failure into
// one line on stderr with a non-zero exit. Never a stack trace, unless --verbose asks.
import { HELP, parseQuickstartOptions, type QuickstartOptions } from './cli-options.ts';
import { describeCauses, describeFailure } from './describe-failure.ts';

// `pnpm demo -- --dry-run` passes the `--` through; it means nothing here.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));

// Ctrl-C once: stop cleanly (a sync that has not applied yet ends `failed` with nothing
// applied, J2, and PGlite is closed properly). Twice: leave at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

let options: QuickstartOptions | null = null;
try {
  options = parseQuickstartOptions(argv, process.env);
  if (options.help) {
    process.stdout.write(HELP);
  } else {
    // Loaded only now, so --help and flag errors answer without loading PGlite, pg and msw.
    const { runQuickstart } = await import('./quickstart.ts');
    await runQuickstart(options, {
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
    });
  }
} catch (error) {
  const line = interrupt.signal.aborted
    ? 'Interrupted (Ctrl-C). Each sync applied its whole plan or nothing (J5); run it again to finish.'
    : describeFailure(error, {
        hrbrainUrl: options?.hrbrainUrl ?? null,
        clientId: options?.clientId ?? '',
        ...(options ? { dataDir: options.dataDir } : {}),
      });
  // On a terminal a progress bar may be mid-line; elsewhere keep it to exactly one line.
  process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}quickstart: ${line}\n`);
  if (options?.verbose) process.stderr.write(`${describeCauses(error)}\n`);
  process.exitCode = interrupt.signal.aborted ? 130 : 1;
}
