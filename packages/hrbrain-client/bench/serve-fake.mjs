#!/usr/bin/env node
// The fake HRBrain for the benchmark, in its own process so that serving pages does not
// share the measured event loop. Prints its URL on stdout, exits when stdin closes.
import { createFakeHrbrain, startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';

const members = Number(process.argv[2] ?? 100_000);
const tenant = createFakeHrbrain({
  clientId: 'bench',
  clientSecret: 'bench-secret',
  seed: 1,
  members,
});
const server = await startFakeHrbrainServer({ tenant });
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
