// Starts an embedded PostgreSQL server for a test run in a child process (see
// embedded-postgres-child.mjs for why it must not run in the test runner's own process).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const childPath = fileURLToPath(new URL('./embedded-postgres-child.mjs', import.meta.url));

/** @param {import('./embedded-postgres.d.mts').EmbeddedPostgresOptions} options */
export function startEmbeddedPostgres(options) {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'test-only';
  const child = fork(childPath, [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) =>
      reject(
        new Error(`embedded PostgreSQL process exited before it was ready (${signal ?? code})`),
      );
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message) => {
      if (message?.type === 'error') {
        child.off('exit', onExit);
        const tail = message.log?.length ? `\n${message.log.join('\n')}` : '';
        reject(new Error(`embedded PostgreSQL did not start: ${message.message}${tail}`));
      } else if (message?.type === 'ready') {
        child.off('exit', onExit);
        const port = message.port;
        resolve({
          port,
          url: (database = 'postgres') =>
            `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
          async stop() {
            if (child.exitCode === null && child.signalCode === null && child.connected) {
              child.send({ type: 'stop' });
            }
            await exited;
          },
        });
      }
    });
    child.send({
      type: 'start',
      options: {
        databaseDir: options.databaseDir,
        port: options.port ?? 0,
        user,
        password,
        persistent: options.persistent ?? false,
        postgresFlags: options.postgresFlags ?? [],
        resolveFrom: options.resolveFrom ?? process.cwd(),
      },
    });
  });
}
