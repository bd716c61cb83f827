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
});
