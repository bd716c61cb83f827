// The post-build anchor check: a link to a missing #fragment (same page, other page, relative,
// or a missing page) is reported; existing ones and external links are not.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findBrokenAnchors } from '../scripts/check-anchors.mjs';

test('broken #fragments fail, good ones pass', () => {
  const dist = mkdtempSync(join(tmpdir(), 'anchors-'));
  try {
    mkdirSync(join(dist, 'guide'));
    writeFileSync(
      join(dist, 'rules.html'),
      '<h3 id="D2">D2</h3><a href="#D2">self</a><a href="#D99">bad self</a>',
    );
    writeFileSync(
      join(dist, 'guide/sync.html'),
      [
        '<h2 id="status">x</h2>',
        '<a href="/rules#D2">ok</a>',
        '<a href="/rules.html#D2">ok</a>',
        '<a href="../rules#D3">bad relative</a>',
        '<a href="/missing#x">no page</a>',
        '<a href="https://example.com/#nope">external</a>',
        '<a href="sync#status">ok relative</a>',
      ].join(''),
    );
    const { broken, checked } = findBrokenAnchors(dist);
    assert.equal(checked, 7);
    assert.deepEqual(broken.sort(), [
      '/guide/sync.html: ../rules#D3 → no #D3 in /rules.html',
      '/guide/sync.html: /missing#x → no page /missing.html',
      '/rules.html: #D99 → no #D99 in /rules.html',
    ]);
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});
