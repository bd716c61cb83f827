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

  it('C5 a secret-looking key nested past the depth limit is not logged as is (the deep value is replaced)', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) });
    let deep: Record<string, unknown> = { clientSecret: 'deep-s3cr3t', note: 'deep-note' };
    for (let level = 0; level < 12; level++)
      deep = level % 2 ? { detail: deep } : { items: [deep] };
    logger.error('upstream said no', { body: deep });
    const text = lines.join('\n');
    expect(text).not.toContain('deep-s3cr3t');
    expect(text).not.toContain('deep-note');
    expect(text).toContain('[truncated]');
  });

  it('C5 a circular value in the fields is logged (cut), not a thrown TypeError', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) });
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    expect(() => logger.warn('circular', { loop })).not.toThrow();
    expect(JSON.parse(lines[0] as string)).toMatchObject({ message: 'circular' });
  });
});
