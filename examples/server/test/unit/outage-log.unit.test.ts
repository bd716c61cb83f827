import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutageLog } from '../../src/db/outage-log.ts';
import { createLogger } from '../../src/log/logger.ts';

function capture() {
  const lines: { level: string; message: string }[] = [];
  const logger = createLogger({
    level: 'debug',
    sink: (line) => lines.push(JSON.parse(line) as { level: string; message: string }),
  });
  return { lines, logger };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the outage log', () => {
  it('J1 an error while the database answers is an ordinary error: logged, each one', async () => {
    const { lines, logger } = capture();
    const outages = createOutageLog({ logger, probe: async () => {} });
    outages.report(new Error('relation "x" does not exist'), 'pg-boss');
    outages.report(new Error('another'), 'pg-boss');
    await vi.waitFor(() => expect(lines).toHaveLength(2));
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['error', 'pg-boss error'],
      ['error', 'pg-boss error'],
    ]);
    outages.close();
  });

  it('J1 a probe that never answers counts as an outage after its timeout, and a burst is held to one line', async () => {
    vi.useFakeTimers();
    const { lines, logger } = capture();
    let answer = false;
    const outages = createOutageLog({
      logger,
      probe: () => (answer ? Promise.resolve() : new Promise(() => {})), // a black-holed host
    });
    for (let i = 0; i < 1000; i++) outages.report(new Error('Connection terminated'), 'pg-boss');
    await vi.advanceTimersByTimeAsync(5000);
    expect(lines.map((line) => line.message)).toEqual(['database unreachable']);
    for (let i = 0; i < 1000; i++) outages.report(new Error('Connection terminated'), 'pg-boss');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toHaveLength(1);
    answer = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines.map((line) => line.message)).toEqual([
      'database unreachable',
      'database reachable again',
    ]);
    expect(lines[1]).toMatchObject({ level: 'info', errorsHeldBack: 1999 });
    outages.close();
  });

  it('J1 a shutting-down server that still answers the first probe is an outage: one line, no ordinary errors', async () => {
    vi.useFakeTimers();
    const { lines, logger } = capture();
    let probes = 0;
    // The first probe races the shutdown and is answered; every later one is refused.
    const outages = createOutageLog({
      logger,
      probe: async () => {
        probes++;
        if (probes > 1)
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    });
    const shutdown = () =>
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    outages.report(shutdown(), 'pg-boss');
    outages.report(shutdown(), 'pg-boss');
    await vi.advanceTimersByTimeAsync(6000);
    expect(lines.map((line) => line.message)).toEqual(['database unreachable']);
    outages.close();
  });

  it('J1 a lost connection while the database stays up is logged as an ordinary error once confirmed', async () => {
    vi.useFakeTimers();
    const { lines, logger } = capture();
    const outages = createOutageLog({ logger, probe: async () => {} });
    outages.report(
      Object.assign(new Error('terminated by pg_terminate_backend'), { code: '57P01' }),
      'pg-boss',
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(lines).toEqual([]); // still confirming
    await vi.advanceTimersByTimeAsync(1000);
    expect(lines.map((line) => [line.level, line.message])).toEqual([['error', 'pg-boss error']]);
    outages.close();
  });
});
