/**
 * The data layer is asynchronous on both engines (db/access.ts). The type checker catches most
 * slips (a promise used as a value), not these three, which this check reports:
 *  1. a floating promise: a call whose promise is neither awaited, returned, nor handed on
 *     (write `void f()` where running in the background is meant);
 *  2. a synchronous database call: `.all()`, `.get()`, `.run()`, `.values()` on a drizzle
 *     builder or a better-sqlite3 statement, `.transaction(…)`/`.prepare(…)`/`.exec(…)`/`.pragma(…)`
 *     on a better-sqlite3 connection (they exist only on SQLite), outside the files that own
 *     SQLite maintenance (ALLOWED below);
 *  3. an async callback given to an array method that does not wait for it (`filter`, `some`,
 *     `every`, `find`, `findIndex`, `sort`, `forEach`, `reduce`, `flatMap`).
 *
 * `npx tsx scripts/check-async.ts [path prefix…]` prints each finding with its place and exits 1
 * when there is one; `npm run check` runs it over server/ and db/.
 */
import ts from 'typescript';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const prefixes = (process.argv.slice(2).length ? process.argv.slice(2) : ['server/', 'db/']).map((p) => p.replace(/^\.\//, ''));

/** Files that speak to SQLite itself on purpose (maintenance, the engine's own module). */
const ALLOWED_SYNC = [
  'db/access.ts',
  'db/client.ts',
  'db/derived.ts',
  'db/copy/',
  'server/modules/operations/sqlite/',
  'scripts/',
];

const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')!;
const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();

const findings: string[] = [];
const SYNC_METHODS = new Set(['all', 'get', 'run', 'values']);
const SQLITE_CONNECTION_METHODS = new Set(['transaction', 'prepare', 'exec', 'pragma']);
const NOT_WAITING = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'sort', 'forEach', 'reduce', 'flatMap']);

function isPromiseLike(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isPromiseLike);
  const then = type.getProperty('then');
  return !!then && !!type.getProperty('catch');
}

function declaredIn(node: ts.Node, library: RegExp): boolean {
  const symbol = checker.getSymbolAtLocation(node);
  const declarations = symbol?.declarations ?? [];
  return declarations.some((d) => library.test(d.getSourceFile().fileName));
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(root, file.fileName)}:${line + 1}`;
}

function visit(node: ts.Node, allowSync: boolean): void {
  // 1. floating promises
  if (ts.isExpressionStatement(node)) {
    const expression = node.expression;
    if ((ts.isCallExpression(expression) || ts.isNewExpression(expression)) && isPromiseLike(checker.getTypeAtLocation(expression))) {
      findings.push(`${where(node)}  floating promise: await it, return it, or write \`void\` if it runs in the background`);
    }
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const name = node.expression.name.text;
    // 2. synchronous database calls
    if (!allowSync) {
      if (SYNC_METHODS.has(name) && !(name === 'values' && node.arguments.length > 0) && declaredIn(node.expression.name, /drizzle-orm[\\/](sqlite-core|better-sqlite3)|better-sqlite3/)) {
        findings.push(`${where(node)}  synchronous .${name}() (SQLite only): await the builder, or use rows/row/exec/prepared from db/access.ts`);
      } else if (SQLITE_CONNECTION_METHODS.has(name) && declaredIn(node.expression.name, /better-sqlite3|drizzle-orm[\\/](sqlite-core|better-sqlite3)/)) {
        findings.push(`${where(node)}  SQLite connection .${name}(): use db/access.ts (transaction, prepared, exec)`);
      }
    }
    // 3. async callbacks the method does not wait for
    if (NOT_WAITING.has(name)) {
      for (const argument of node.arguments) {
        if ((ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) && isPromiseLike(checker.getTypeAtLocation(argument).getCallSignatures()[0]?.getReturnType() ?? checker.getAnyType())) {
          findings.push(`${where(node)}  async callback given to .${name}(), which does not wait for it`);
        }
      }
    }
  }
  ts.forEachChild(node, (child) => visit(child, allowSync));
}

for (const file of program.getSourceFiles()) {
  const path = relative(root, file.fileName);
  if (path.startsWith('..') || path.includes('node_modules')) continue;
  if (!prefixes.some((p) => path.startsWith(p))) continue;
  visit(file, ALLOWED_SYNC.some((p) => path.startsWith(p)));
}

for (const finding of findings) console.log(finding);
console.log(`${findings.length} finding(s)`);
process.exit(findings.length ? 1 : 0);
