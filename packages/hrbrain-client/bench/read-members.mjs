#!/usr/bin/env node
// Benchmark (not a test): read 100,000 members (1,000 pages of 100) from the fake HRBrain
// (`startFakeHrbrainServer`, in a child process on loopback) with the client (built dist) and
// with a bare `fetch` + `JSON.parse` loop over the same pages, alternating in one run.
// Prints medians and the ratio; target ≤ 1.3×.
//
//   pnpm --filter @mikiwame/hrbrain-client bench            (MEMBERS=… ROUNDS=… to resize)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createHrbrainClient } from '../dist/index.mjs';

const MEMBERS = Number(process.env.MEMBERS ?? 100_000);
const PAGE_SIZE = 100;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const TARGET = 1.3;

const fake = spawn(
  process.execPath,
  [fileURLToPath(new URL('./serve-fake.mjs', import.meta.url)), String(MEMBERS)],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const [firstLine] = await once(fake.stdout, 'data');
const server = {
  url: String(firstLine).trim(),
  close: async () => {
    fake.stdin.end();
    await once(fake, 'exit');
  },
};

/** The baseline: what any hand-written reader does, with no validation, retries or errors. */
async function bareLoop(concurrency) {
  const tokenResponse = await fetch(`${server.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'bench', clientSecret: 'bench-secret' }),
  });
  const { token } = JSON.parse(await tokenResponse.text());
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const readPage = async (offset) => {
    const response = await fetch(
      `${server.url}/members/v1/members?limit=${PAGE_SIZE}&offset=${offset}`,
      { headers },
    );
    return JSON.parse(await response.text());
  };
  const first = await readPage(0);
  let count = first.data.length;
  const offsets = [];
  for (let offset = PAGE_SIZE; offset < first.paging.totalCount; offset += PAGE_SIZE) {
    offsets.push(offset);
  }
  // Same in-order window as the client: `concurrency` pages in flight, consumed in order.
  const inFlight = [];
  let next = 0;
  while (inFlight.length < concurrency && next < offsets.length)
    inFlight.push(readPage(offsets[next++]));
  while (inFlight.length > 0) {
    const page = await inFlight.shift();
    if (next < offsets.length) inFlight.push(readPage(offsets[next++]));
    count += page.data.length;
  }
  return count;
}

async function withClient(concurrency) {
  // A new client per run, so its token request is counted like the bare loop's.
  const client = createHrbrainClient({
    clientId: 'bench',
    clientSecret: 'bench-secret',
    baseUrl: server.url,
    concurrency,
  });
  let count = 0;
  for await (const page of client.members.list({ pageSize: PAGE_SIZE }).pages()) {
    count += page.members.length;
  }
  return count;
}

/** Wall-clock ms and this process's CPU ms (user + system) of one full read. */
async function time(run, concurrency) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const count = await run(concurrency);
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (count !== MEMBERS) throw new Error(`read ${count} members, expected ${MEMBERS}`);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

console.log(
  `read-members: ${MEMBERS.toLocaleString('en')} members, ${Math.ceil(MEMBERS / PAGE_SIZE)} pages of ${PAGE_SIZE}, fake HRBrain in a child process on ${server.url}, ${ROUNDS} rounds after a warm-up, Node ${process.version}`,
);
const format = (values) => values.map((ms) => ms.toFixed(0)).join(', ');
try {
  for (const concurrency of [1, 4]) {
    // Warm-up: fills the fake's response cache and lets V8 optimise both paths.
    await time(bareLoop, concurrency);
    await time(withClient, concurrency);
    const bare = [];
    const client = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
      if (round % 2 === 0) {
        bare.push(await time(bareLoop, concurrency));
        client.push(await time(withClient, concurrency));
      } else {
        client.push(await time(withClient, concurrency));
        bare.push(await time(bareLoop, concurrency));
      }
    }
    const best = [Math.min(...bare.map((r) => r.wall)), Math.min(...client.map((r) => r.wall))];
    const wall = [median(bare.map((r) => r.wall)), median(client.map((r) => r.wall))];
    const cpu = [median(bare.map((r) => r.cpu)), median(client.map((r) => r.cpu))];
    const wallRatio = wall[1] / wall[0];
    const cpuRatio = cpu[1] / cpu[0];
    console.log(`  concurrency ${concurrency} (pages in flight):`);
    console.log(
      `    wall  bare fetch+JSON.parse ${wall[0].toFixed(0)} ms · client ${wall[1].toFixed(0)} ms · ratio ${wallRatio.toFixed(2)}× (target ≤ ${TARGET}×) ${wallRatio <= TARGET ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `    best  bare fetch+JSON.parse ${best[0].toFixed(0)} ms · client ${best[1].toFixed(0)} ms · ratio ${(best[1] / best[0]).toFixed(2)}× (fastest round of each, least disturbed by other load)`,
    );
    console.log(
      `    cpu   bare fetch+JSON.parse ${cpu[0].toFixed(0)} ms · client ${cpu[1].toFixed(0)} ms · ratio ${cpuRatio.toFixed(2)}× (this process only; the fake runs in a child)`,
    );
    console.log(
      `    rounds wall bare [${format(bare.map((r) => r.wall))}] client [${format(client.map((r) => r.wall))}]`,
    );
  }
} finally {
  await server.close();
}
