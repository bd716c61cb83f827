import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderBanner } from '../../src/banner.ts';

describe('the terminal banner', () => {
  it('C1 aligns every value in one terminal column, Japanese (double-width) labels included', () => {
    const banner = renderBanner([
      { label: 'admin page', value: 'http://127.0.0.1:3000/' },
      { label: 'role', value: 'all' },
      { label: 'API keys (development defaults; set API_KEYS to replace):' },
      { label: 'tenant-a', value: 'dev-key-tenant-a', indent: 2 },
      { label: 'fake HRBrain', value: 'http://127.0.0.1:41234' },
      { label: 'クライアントID', value: 'demo-company', indent: 2 },
      { label: 'クライアントシークレット', value: 'demo-3f9c', indent: 2 },
    ]);
    const lines = banner.split('\n').filter((line) => line.includes(': '));
    expect(lines).toHaveLength(6);
    const valueColumn = (line: string, value: string) =>
      stringWidth(line.slice(0, line.indexOf(value)));
    const columns = [
      valueColumn(lines[0] ?? '', 'http://127.0.0.1:3000/'),
      valueColumn(lines[1] ?? '', 'all'),
      valueColumn(lines[2] ?? '', 'dev-key-tenant-a'),
      valueColumn(lines[3] ?? '', 'http://127.0.0.1:41234'),
      valueColumn(lines[4] ?? '', 'demo-company'),
      valueColumn(lines[5] ?? '', 'demo-3f9c'),
    ];
    expect(new Set(columns).size, banner).toBe(1);
    expect(banner).toContain('API keys (development defaults; set API_KEYS to replace):');
    expect(banner).toMatch(/^ {4}クライアントID: +demo-company$/m);
  });
});
