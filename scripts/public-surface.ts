/**
 * The public-surface check every package's `test/public-surface.unit.test.ts` runs: the
 * package's `src/index.ts` has a `@packageDocumentation` comment, every export has TSDoc,
 * and nothing exported as a value is marked `@internal` (read with the TypeScript compiler
 * from source, so it needs no build).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** One export of a package: its name, whether it has TSDoc, whether it is `@internal`. */
export interface PublicExport {
  name: string;
  documented: boolean;
  internal: boolean;
  typeOnly: boolean;
}

/** The exports of `<packageDir>/<entry>` (default `src/index.ts`), sorted by name. */
export function publicExportsOf(
  packageDir: string,
  entry = 'src/index.ts',
): { exports: PublicExport[]; text: string } {
  const file = join(packageDir, entry);
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const specifier = symbol.declarations?.[0];
    const typeOnly =
      specifier !== undefined &&
      ts.isExportSpecifier(specifier) &&
      (specifier.isTypeOnly || specifier.parent.parent.isTypeOnly);
    // A class exported as a value exposes its members: an `@internal` constructor or method
    // of it is public API all the same (a type-only export cannot be constructed).
    const internalMember =
      !typeOnly &&
      (target.declarations ?? []).some(
        (declaration) =>
          ts.isClassDeclaration(declaration) &&
          declaration.members.some(
            (member) =>
              !(ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private) &&
              ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'internal'),
          ),
      );
    return {
      name: symbol.name,
      documented: ts.displayPartsToString(target.getDocumentationComment(checker)).trim() !== '',
      internal:
        internalMember || target.getJsDocTags(checker).some((tag) => tag.name === 'internal'),
      typeOnly: typeOnly || !(target.flags & ts.SymbolFlags.Value),
    };
  });
  return { exports: exports.sort((a, b) => a.name.localeCompare(b.name)), text: source.text };
}

/**
 * The source entry of every published subpath (`.`, `./adapter` …): the `@mikiwame/source`
 * condition of the package's `exports`.
 */
export function sourceEntriesOf(packageDir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    exports?: Record<string, Record<string, unknown>>;
  };
  const entries = new Map<string, string>();
  for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
    const entry = conditions?.['@mikiwame/source'];
    if (typeof entry === 'string') entries.set(subpath, entry);
  }
  return entries;
}

/** Declares the public-surface tests for one package: every subpath it publishes. */
export function describePublicSurface(packageName: string, packageDir: string): void {
  const entries = sourceEntriesOf(packageDir);
  if (entries.size === 0) entries.set('.', 'src/index.ts');
  for (const [subpath, entry] of entries) {
    const label = subpath === '.' ? packageName : `${packageName}${subpath.slice(1)}`;
    describe(`${label}: public surface`, () => {
      const { exports, text } = publicExportsOf(packageDir, entry);

      it(`${entry} has @packageDocumentation`, () => {
        expect(text).toMatch(/@packageDocumentation/);
      });

      it('every export has TSDoc', () => {
        expect(exports.filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
      });

      it('nothing marked @internal is exported', () => {
        expect(exports.filter((e) => e.internal).map((e) => e.name)).toEqual([]);
      });
    });
  }
}
