// The `pnpm demo` entry point: parse flags, run the quickstart, and turn any failure into
// one line on stderr with a non-zero exit. Never a stack trace, unless --verbose asks.
import { HELP, parseQuickstartOptions, type QuickstartOptions } from './cli-options.ts';
import { describeCauses, describeFailure } from './describe-failure.ts';

// `pnpm demo -- --dry-run` passes the `--` through; it means nothing here.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));

let options: QuickstartOptions | null = null;
try {
  options = parseQuickstartOptions(argv, process.env);
  if (options.help) {
    process.stdout.write(HELP);
  } else {
    // Loaded only now, so --help and flag errors answer without loading PGlite, pg and msw.
    const { runQuickstart } = await import('./quickstart.ts');
    await runQuickstart(options, { stdout: process.stdout, stderr: process.stderr });
  }
} catch (error) {
  const line = describeFailure(error, {
    hrbrainUrl: options?.hrbrainUrl ?? null,
    clientId: options?.clientId ?? '',
  });
  // On a terminal a progress bar may be mid-line; elsewhere keep it to exactly one line.
  process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}quickstart: ${line}\n`);
  if (options?.verbose) process.stderr.write(`${describeCauses(error)}\n`);
  process.exitCode = 1;
}
