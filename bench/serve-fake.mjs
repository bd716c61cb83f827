#!/usr/bin/env node
// The fake HRBrain of the end-to-end bench, in its own process so that serving pages shares
// neither the measured event loop nor the measured heap. Prints its URL on stdout; reads
// commands on stdin, one a line:
//   change <share>   change 氏 of that share of the members (only members without a business
//                    name, so each change is exactly one employee update); prints the count
// Exits when stdin closes.
import { createInterface } from 'node:readline';
import { createFakeHrbrain, startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';

const members = Number(process.argv[2] ?? 100_000);
const departments = Number(process.argv[3] ?? 2_000);
const tenant = createFakeHrbrain({
  clientId: 'bench',
  clientSecret: 'bench-secret',
  seed: 1,
  members,
  departments: { count: departments, maxDepth: 6 },
});
const server = await startFakeHrbrainServer({ tenant });
process.stdout.write(`${server.url}\n`);

const BUSINESS = new Set(['fld-bln', 'fld-bfn', 'fld-blnk', 'fld-bfnk']);
let round = 0;
function change(share) {
  round++;
  const every = Math.round(1 / share);
  let changed = 0;
  tenant.payload.members.forEach((member, i) => {
    if ((i + round) % every !== 0) return;
    if (member.fields.some((f) => BUSINESS.has(f.id) && f.value)) return;
    const last = member.fields.find((f) => f.id === 'fld-ln');
    if (!last || typeof last.value !== 'string' || last.value.trim() === '') return;
    last.value = `${last.value}改`;
    changed++;
  });
  server.handlers.refresh();
  return changed;
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === 'change') process.stdout.write(`${change(Number(argument))}\n`);
});
lines.on('close', async () => {
  await server.close();
  process.exit(0);
});
