/**
 * The public-surface check every package's `test/public-surface.unit.test.ts` runs: the
 * package's `src/index.ts` has a `@packageDocumentation` comment, every export has TSDoc,
 * and nothing exported as a value is marked `@internal` (read with the TypeScript compiler
 * from source, so it needs no build).
 */
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

/** The exports of `<packageDir>/src/index.ts`, sorted by name. */
export function publicExportsOf(packageDir: string): { exports: PublicExport[]; text: string } {
  const file = join(packageDir, 'src/index.ts');
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

/** Declares the public-surface tests for one package. */
export function describePublicSurface(packageName: string, packageDir: string): void {
  describe(`${packageName}: public surface`, () => {
    const { exports, text } = publicExportsOf(packageDir);

    it('index.ts has @packageDocumentation', () => {
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
