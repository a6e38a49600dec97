// Writes the generated parts of docs/architecture.md from the code, so the lists cannot drift:
//   npx tsx scripts/architecture.ts          rewrite the generated sections
//   npx tsx scripts/architecture.ts --check  fail (exit 1) when the file differs from the code (npm run check)
// Sections sit between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers; the text
// around them is written by hand.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(ROOT, 'server/src/modules');
const DOC = path.join(ROOT, 'docs/architecture.md');

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

let cachedProgram: ts.Program | undefined;
/** The project as tsc sees it (tsconfig.json), for the few questions that need types. */
function program(): ts.Program {
  if (!cachedProgram) {
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: ts.Diagnostic) => console.error(d.messageText) };
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, host);
    if (!config) throw new Error('tsconfig.json could not be read');
    cachedProgram = ts.createProgram(config.fileNames, config.options);
  }
  return cachedProgram;
}

const parse = (file: string) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** The first sentence of a node's JSDoc, on one line. */
function docOf(node: ts.Node): string {
  const jsDoc = (node as { jsDoc?: ts.JSDoc[] }).jsDoc?.[0];
  const text = typeof jsDoc?.comment === 'string' ? jsDoc.comment : (ts.getTextOfJSDocComment(jsDoc?.comment) ?? '');
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return (end > 0 ? flat.slice(0, end) : flat).replace(/\|/g, '\\|');
}

const moduleOf = (file: string) => rel(file).match(/^server\/src\/modules\/([^/]+)\//)?.[1];

// ---- the module list, in app.ts order --------------------------------------------------------------
type ModuleInfo = { name: string; factory: string; doc: string; needs: Set<string>; tables: string[] };

function modulesInOrder(): ModuleInfo[] {
  const app = readFileSync(path.join(ROOT, 'server/src/app.ts'), 'utf8');
  const factories = [...app.matchAll(/\.add\((create\w+Module)\)/g)].map((m) => m[1]!);
  const byFactory = new Map<string, ModuleInfo>();
  for (const dir of readdirSync(MODULES)) {
    for (const file of sourceFiles(path.join(MODULES, dir))) {
      const sf = parse(file);
      walk(sf, (n) => {
        if (ts.isFunctionDeclaration(n) && n.name && /^create\w+Module$/.test(n.name.text)) {
          byFactory.set(n.name.text, { name: dir, factory: n.name.text, doc: docOf(n), needs: new Set(), tables: [] });
        }
      });
    }
  }
  const list = factories.map((f) => {
    const m = byFactory.get(f);
    if (!m) throw new Error(`app.ts adds ${f}, which no module declares`);
    return m;
  });
  for (const m of list) {
    for (const file of sourceFiles(path.join(MODULES, m.name))) {
      const sf = parse(file);
      walk(sf, (n) => {
        if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) {
          const spec = (n.moduleSpecifier as ts.StringLiteral).text;
          const target = moduleOf(path.resolve(path.dirname(file), spec, 'x'));
          if (target && target !== m.name) m.needs.add(target);
        }
        if (
          ts.isCallExpression(n) &&
          ts.isIdentifier(n.expression) &&
          n.expression.text === 'pgTable' &&
          n.arguments[0] &&
          ts.isStringLiteral(n.arguments[0])
        ) {
          m.tables.push(n.arguments[0].text);
        }
      });
    }
  }
  return list;
}

// ---- events: EventMap augmentations, publishers' modules, subscribers, realtime audiences -----------
type EventInfo = {
  name: string;
  module: string;
  payload: string;
  doc: string;
  subscribers: Set<string>;
  realtime: boolean;
};

function events(modules: ModuleInfo[]): EventInfo[] {
  const files = [...sourceFiles(path.join(ROOT, 'server/src'))];
  const out = new Map<string, EventInfo>();
  const typeDocs = new Map<string, string>();
  for (const file of files) {
    const sf = parse(file);
    walk(sf, (n) => {
      if (ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) typeDocs.set(n.name.text, docOf(n));
      if (ts.isInterfaceDeclaration(n) && n.name.text === 'EventMap' && ts.isModuleBlock(n.parent)) {
        for (const member of n.members) {
          if (!ts.isPropertySignature(member) || !member.name || !ts.isStringLiteral(member.name)) continue;
          const payload = member.type?.getText(sf).replace(/\s+/g, ' ') ?? '';
          out.set(member.name.text, {
            name: member.name.text,
            module: moduleOf(file) ?? 'platform',
            payload,
            doc: docOf(member),
            subscribers: new Set(),
            realtime: false,
          });
        }
      }
    });
  }
  // Subscriptions are read with the type checker, so `bus.subscribe(name, …)` counts whatever names
  // `name` can hold (a literal, or each name of a typed list such as routing's CONTACT_EVENTS).
  const checker = program().getTypeChecker();
  for (const file of files) {
    const sf = program().getSourceFile(file);
    if (!sf) continue;
    const owner = moduleOf(file) ?? rel(file).replace(/^server\/src\//, '');
    walk(sf, (n) => {
      // bus.subscribe(name, …): who listens (in-process read models and reactions); '*' is the realtime gateway.
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'subscribe' &&
        n.arguments.length === 2 &&
        n.arguments[0]
      ) {
        const type = checker.getTypeAtLocation(n.arguments[0]);
        for (const t of type.isUnion() ? type.types : [type]) {
          if (t.isStringLiteral()) out.get(t.value)?.subscribers.add(owner);
        }
      }
      // bus.subscribeBatch([names], …): the same, for each name the list can hold.
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'subscribeBatch' &&
        n.arguments.length === 2 &&
        n.arguments[0]
      ) {
        const list = checker.getTypeAtLocation(n.arguments[0]);
        const type = checker.getIndexTypeOfType(list, ts.IndexKind.Number);
        for (const t of type ? (type.isUnion() ? type.types : [type]) : []) {
          if (t.isStringLiteral()) out.get(t.value)?.subscribers.add(owner);
        }
      }
      // A module descriptor's `audiences: { 'event': … }`: the event goes out on the WebSocket.
      if (
        ts.isPropertyAssignment(n) &&
        n.name.getText(sf) === 'audiences' &&
        ts.isObjectLiteralExpression(n.initializer)
      ) {
        for (const p of n.initializer.properties) {
          const key = p.name && ts.isStringLiteral(p.name) ? p.name.text : undefined;
          const e = key ? out.get(key) : undefined;
          if (e) e.realtime = true;
        }
      }
    });
  }
  const order = new Map(modules.map((m, i) => [m.name, i]));
  return [...out.values()].sort(
    (a, b) => (order.get(a.module) ?? -1) - (order.get(b.module) ?? -1) || a.name.localeCompare(b.name),
  );
}

// ---- error codes from the catalogue ----------------------------------------------------------------
function errorCodes(): Array<{ code: string; status: string }> {
  const file = path.join(ROOT, 'contracts/errors.ts');
  let sf: ts.SourceFile;
  try {
    sf = parse(file);
  } catch {
    return [];
  }
  const codes: Array<{ code: string; status: string }> = [];
  walk(sf, (n) => {
    const key =
      ts.isPropertyAssignment(n) && (ts.isStringLiteral(n.name) || ts.isIdentifier(n.name)) ? n.name.text : '';
    if (ts.isPropertyAssignment(n) && /^[A-Z_]+(\.[A-Z_]+)*$/.test(key)) {
      const init = n.initializer;
      const status = ts.isNumericLiteral(init)
        ? init.text
        : ts.isObjectLiteralExpression(init)
          ? (init.properties
              .find((p) => p.name?.getText(sf) === 'status')
              ?.getText(sf)
              .replace(/^status:\s*/, '') ?? '')
          : init.getText(sf);
      codes.push({ code: key, status });
    }
  });
  return codes;
}

// ---- rendering -------------------------------------------------------------------------------------
function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function render(): Record<string, string> {
  const modules = modulesInOrder();
  const evs = events(modules);
  const codes = errorCodes();
  const byNamespace = new Map<string, Array<{ code: string; status: string }>>();
  for (const c of codes) {
    const ns = c.code.split('.')[0]!;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), c]);
  }
  return {
    modules: table(
      ['#', 'module', 'what it is', 'built on (imports through index.ts)', 'tables'],
      modules.map((m, i) => [
        String(i + 1),
        `\`${m.name}\``,
        m.doc,
        [...m.needs]
          .sort()
          .map((n) => `\`${n}\``)
          .join(', ') || '—',
        m.tables.map((t) => `\`${t}\``).join(', ') || '—',
      ]),
    ),
    events: table(
      ['event', 'published by', 'payload', 'realtime', 'subscribed in'],
      evs.map((e) => [
        `\`${e.name}\``,
        `\`${e.module}\``,
        `\`${e.payload}\`${e.doc ? ` — ${e.doc}` : ''}`,
        e.realtime ? 'yes' : '—',
        [...e.subscribers]
          .sort()
          .map((s) => `\`${s}\``)
          .join(', ') || '—',
      ]),
    ),
    errors: codes.length
      ? table(
          ['namespace', 'codes (HTTP status)'],
          [...byNamespace].map(([ns, list]) => [`\`${ns}\``, list.map((c) => `\`${c.code}\` ${c.status}`).join(', ')]),
        )
      : '_No error catalogue found (contracts/errors.ts)._',
  };
}

function apply(doc: string, sections: Record<string, string>): string {
  let next = doc;
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(next)) throw new Error(`docs/architecture.md has no <!-- generated:${name} --> section`);
    next = next.replace(re, (_all, open: string, close: string) => `${open}${body}\n${close}`);
  }
  return next;
}

/** The page as Biome formats it (npm run check formats Markdown too: tables get aligned columns). */
function formatted(markdown: string): string {
  const biome = path.join(ROOT, 'node_modules/.bin/biome');
  return execFileSync(biome, ['format', `--stdin-file-path=${DOC}`], { input: markdown, encoding: 'utf8', cwd: ROOT });
}

const current = readFileSync(DOC, 'utf8');
const next = formatted(apply(current, render()));
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('docs/architecture.md is out of date with the code: run `npx tsx scripts/architecture.ts`.');
    process.exit(1);
  }
  console.log('docs/architecture.md matches the code.');
} else if (next !== current) {
  writeFileSync(DOC, next);
  console.log('docs/architecture.md updated.');
} else {
  console.log('docs/architecture.md already up to date.');
}
