import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';

describe('logger (C5: secrets never reach a log line)', () => {
  it('writes one JSON object per line with bound fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) }).child({ tenantId: 't1' });
    logger.info('hello', { runId: 'r1' });
    logger.debug('hidden at info level');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'info',
      message: 'hello',
      tenantId: 't1',
      runId: 'r1',
    });
  });

  it('redacts secret-looking keys at any depth, even when a caller passes a whole body', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) });
    logger.warn('careless', {
      body: { clientId: 'acme', clientSecret: 's3cr3t-value' },
      headers: [{ authorization: 'Bearer k3y-value' }],
      apiKey: 'another-k3y',
      password: 'pw-value',
    });
    const text = lines.join('\n');
    for (const value of ['s3cr3t-value', 'k3y-value', 'another-k3y', 'pw-value']) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('acme');
  });
});
