// Benchmark (not a test): is the fake server fast enough that a client benchmark measures
// the client? Reads 100,000 members (1,000 pages of 100) with fetch + JSON.parse from
// startFakeHrbrainServer, and the same bytes from a bare node:http server that only
// writes pre-encoded pages (the floor for this machine), in one run; prints both and the
// ratio. Also times generating the tenant.
import { createServer } from 'node:http';
import { createFakeHrbrain, startFakeHrbrainServer } from '../dist/index.mjs';

const MEMBERS = 100_000;
const PAGE = 100;
const ROUNDS = 3;

let started = performance.now();
const tenant = createFakeHrbrain({
  clientId: 'bench',
  clientSecret: 'bench-secret',
  members: MEMBERS,
});
const generateMs = performance.now() - started;

started = performance.now();
const fake = await startFakeHrbrainServer({ tenant });
const startMs = performance.now() - started;

// The floor: the same page bytes, written by a server that does nothing else.
const pages = new Map();
for (let offset = 0; offset < MEMBERS; offset += PAGE) {
  const data = tenant.payload.members.slice(offset, offset + PAGE);
  pages.set(offset, Buffer.from(JSON.stringify({ data, paging: { totalCount: MEMBERS } })));
}
const bare = createServer({ keepAlive: true }, (req, res) => {
  const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset'));
  const body = pages.get(offset) ?? Buffer.from('{}');
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${bare.address().port}`;

const tokenResponse = await fetch(`${fake.url}/auth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ clientId: 'bench', clientSecret: 'bench-secret' }),
});
const { token } = await tokenResponse.json();
const headers = { authorization: `Bearer ${token}` };

async function readAll(url) {
  const t0 = performance.now();
  let count = 0;
  for (let offset = 0; offset < MEMBERS; offset += PAGE) {
    const response = await fetch(`${url}/members/v1/members?limit=${PAGE}&offset=${offset}`, {
      headers,
    });
    count += JSON.parse(await response.text()).data.length;
  }
  if (count !== MEMBERS) throw new Error(`read ${count} members, expected ${MEMBERS}`);
  return performance.now() - t0;
}

// Interleaved rounds, best of each, so background load hits both sides alike.
await readAll(bareUrl);
await readAll(fake.url);
let bestFake = Number.POSITIVE_INFINITY;
let bestBare = Number.POSITIVE_INFINITY;
for (let round = 0; round < ROUNDS; round++) {
  bestBare = Math.min(bestBare, await readAll(bareUrl));
  bestFake = Math.min(bestFake, await readAll(fake.url));
}
await fake.close();
await new Promise((resolve) => bare.close(resolve));

const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(
  `hrbrain-mock bench (${MEMBERS.toLocaleString('en')} members, ${MEMBERS / PAGE} pages of ${PAGE})`,
);
console.log(`  generate tenant                  ${fmt(generateMs)}`);
console.log(`  start server (precompute pages)  ${fmt(startMs)}`);
console.log(
  `  read all, bare node:http floor   ${fmt(bestBare)}  (${(bestBare / (MEMBERS / PAGE)).toFixed(2)} ms/page)`,
);
console.log(
  `  read all, startFakeHrbrainServer ${fmt(bestFake)}  (${(bestFake / (MEMBERS / PAGE)).toFixed(2)} ms/page)`,
);
console.log(`  ratio fake / floor               ${(bestFake / bestBare).toFixed(2)}×`);
