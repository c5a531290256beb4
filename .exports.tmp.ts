// Lists the names an entry point exports, values and types apart (through the compiler).
import ts from 'typescript';
const file = process.argv[2]!;
const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, customConditions: ['invent-source'] });
const checker = program.getTypeChecker();
const sf = program.getSourceFile(file)!;
const sym = checker.getSymbolAtLocation(sf)!;
const values: string[] = [], types: string[] = [];
for (const e of checker.getExportsOfModule(sym)) {
  const t = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
  (t.flags & ts.SymbolFlags.Value ? values : types).push(e.name);
}
console.log(`values (${values.length}): ${values.sort().join(', ')}`);
console.log(`types (${types.length}): ${types.sort().join(', ')}`);
