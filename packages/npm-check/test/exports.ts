// Lists the public exports of each published package and whether each has a doc comment, with the
// TypeScript compiler over the packages' sources: every export (namespaces such as nn.functional
// walked), and the public members of exported classes. `@internal` ones are not public.
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { PACKAGES } from './pack';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ExportDoc {
  /** `@x/nn: functional.conv2d`, `@x/tensor: Tensor.add` */
  name: string;
  documented: boolean;
}

const isInternal = (s: ts.Symbol) => s.getJsDocTags().some((t) => t.name === 'internal');

function documented(s: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (s.getDocumentationComment(checker).length > 0) return true;
  // an overload or accessor documented on any of its declarations
  return (s.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).some((j) => ts.isJSDoc(j) && j.comment !== undefined));
}

export function publicExports(): ExportDoc[] {
  const entries = PACKAGES.map((p) => `${ROOT}packages/${p}/src/index.ts`);
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['source'],
    resolveJsonModule: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [`${ROOT}node_modules/@types`],
  });
  const checker = program.getTypeChecker();
  const out: ExportDoc[] = [];
  const seen = new Set<ts.Symbol>();

  const visit = (pkg: string, prefix: string, symbol: ts.Symbol) => {
    const s = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (isInternal(symbol) || isInternal(s)) return;
    const name = `${prefix}${symbol.name}`;
    if (s.flags & ts.SymbolFlags.ValueModule && !(s.flags & ts.SymbolFlags.Class)) {
      // export * as ns: its members, once
      if (seen.has(s)) return;
      seen.add(s);
      for (const member of checker.getExportsOfModule(s)) visit(pkg, `${name}.`, member);
      return;
    }
    out.push({ name: `${pkg}: ${name}`, documented: documented(s, checker) || documented(symbol, checker) });
    if (s.flags & ts.SymbolFlags.Class && !seen.has(s)) {
      seen.add(s);
      const decl = s.declarations?.find(ts.isClassDeclaration);
      for (const m of decl?.members ?? []) {
        if (m.name === undefined || ts.isConstructorDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) continue;
        const flags = ts.getCombinedModifierFlags(m);
        if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        const memberName = ts.isPrivateIdentifier(m.name) ? null : m.name.getText();
        if (memberName === null || memberName.startsWith('_') || memberName.startsWith('[')) continue;
        const ms = checker.getSymbolAtLocation(m.name);
        if (!ms || isInternal(ms)) continue;
        const key = `${pkg}: ${name}.${memberName}`;
        if (out.some((e) => e.name === key)) continue; // overloads
        out.push({ name: key, documented: documented(ms, checker) });
      }
    }
  };

  PACKAGES.forEach((p, i) => {
    const sf = program.getSourceFile(entries[i]!)!;
    const mod = checker.getSymbolAtLocation(sf)!;
    for (const e of checker.getExportsOfModule(mod)) visit(`@x/${p}`, '', e);
  });
  return out;
}
