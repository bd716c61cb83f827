// Every code of every package, read from the code itself (so the troubleshooting page cannot
// miss one): each package's exported `…Code` unions of string literals (the error classes'
// codes, and the core's `ErrorCode` for the rows of the error file), and every error class
// with the code it is defined with (`defineErrorClass('Name', 'CODE', …)`).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../..');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * @returns {{ package: string, union: string, code: string, file: string }[]} one entry per
 *   (package, code union, code), and classes as `{ package, className, code, file }`.
 */
export function collectErrorCodes() {
  const codes = [];
  const classes = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).name;
    for (const file of sourceFiles(join(root, 'packages', dir, 'src'))) {
      // Code, not comments (a TSDoc example may show a call like defineErrorClass('Name', …)).
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      const rel = relative(root, file);
      for (const m of text.matchAll(/export type (\w*Code)\s*=((?:\s*\|?\s*'[A-Z0-9_]+')+)\s*;/g)) {
        for (const lit of m[2].matchAll(/'([A-Z0-9_]+)'/g)) {
          codes.push({ package: pkg, union: m[1], code: lit[1], file: rel });
        }
      }
      for (const m of text.matchAll(/\.defineErrorClass\(\s*'(\w+)'(?:\s*,\s*'([A-Z0-9_]+)')?/g)) {
        classes.push({ package: pkg, className: m[1], code: m[2] ?? null, file: rel });
      }
    }
  }
  const seen = new Set();
  return {
    codes,
    classes: classes.filter((c) => {
      const key = `${c.package} ${c.className}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  };
}

/** The troubleshooting page's anchor for a code: `row-…` for the error file, `<package>-…` else. */
export const PACKAGE_ANCHOR = {
  '@mikiwame/hrbrain-client': 'client',
  '@mikiwame/hrbrain-mock': 'mock',
  '@mikiwame/hrbrain-sync-core': 'core',
  '@mikiwame/hrbrain-storage-memory': 'memory',
  '@mikiwame/hrbrain-storage-postgres': 'postgres',
  '@mikiwame/hrbrain-storage-testkit': 'testkit',
};

export function anchorOf({ package: pkg, union, code }) {
  if (pkg === '@mikiwame/hrbrain-sync-core' && union === 'ErrorCode') return `row-${code}`;
  const short = PACKAGE_ANCHOR[pkg];
  if (!short) throw new Error(`No troubleshooting section for ${pkg}: add it to PACKAGE_ANCHOR.`);
  return `${short}-${code}`;
}
