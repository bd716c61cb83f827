import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../src/progress.ts';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (text: string) => chunks.push(text) }, chunks };
}

describe('progress', () => {
  it('prints a few plain lines per phase when not on a terminal (CI logs)', () => {
    const { stream, chunks } = capture(false);
    const bar = createProgressReporter(stream).bar('fetching members');
    for (let done = 0; done <= 1000; done += 100) bar.update(done, 1000);
    bar.finish();
    bar.finish();
    expect(chunks.join('')).toBe(
      [0, 300, 500, 800, 1000].map((n) => `  fetching members: ${n}/1000\n`).join(''),
    );
    expect(chunks.join('')).not.toContain('\x1b');
  });

  it('redraws one line in place on a terminal and ends it on finish', () => {
    const { stream, chunks } = capture(true);
    const bar = createProgressReporter(stream).bar('applying');
    bar.update(1, 4);
    bar.update(4, 4);
    bar.finish();
    const output = chunks.join('');
    expect(output.startsWith('\r\x1b[K')).toBe(true);
    expect(output).toContain('100% 4/4');
    expect(output.endsWith('\n')).toBe(true);
    expect(output.split('\n')).toHaveLength(2);
  });

  it('copes with an unknown total until it is known', () => {
    const { stream, chunks } = capture(false);
    const bar = createProgressReporter(stream).bar('planning');
    bar.update(5, null);
    bar.finish();
    expect(chunks.join('')).toBe('  planning: 5\n');
  });
});
