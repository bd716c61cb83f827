// `pnpm --filter @example/existing-tables sync`: DATABASE_URL, COMPANY_ID, and either
// HRBRAIN_URL + HRBRAIN_CLIENT_ID + HRBRAIN_CLIENT_SECRET or none (a seeded fake HRBrain).
// Exit 0 when both syncs applied (with or without error rows), 1 with one line otherwise.
import { readOptions } from './options.ts';

try {
  const options = readOptions(process.env);
  const { sync } = await import('./sync.ts');
  await sync(options, (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`existing-tables: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exitCode = 1;
}
