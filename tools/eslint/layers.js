// ESLint rule "portas/layers": which src/ folder may import which, and which modules stay pure.
// The table below is the architecture; STYLE.md explains it. Change it deliberately.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** @type {Record<string, {layers: string[] | '*', packages: string[] | '*', node: boolean}>} */
export const LAYERS = {
  core: { layers: [], packages: [], node: false },
  instrument: { layers: ['core'], packages: ['yaml'], node: false },
  collect: { layers: ['core', 'instrument'], packages: [], node: false },
  crypto: { layers: ['core', 'instrument'], packages: ['age-encryption', '@noble/ciphers', '@noble/hashes', '@noble/post-quantum', '@scure/base'], node: false },
  sampling: { layers: ['core', 'instrument'], packages: [], node: false },
  analysis: { layers: ['core', 'instrument', 'sampling'], packages: [], node: false },
  disclosure: { layers: ['core', 'instrument', 'analysis'], packages: [], node: false },
  report: { layers: ['core', 'instrument', 'sampling', 'analysis', 'disclosure'], packages: ['vega', 'vega-lite'], node: false },
  export: { layers: ['core', 'instrument', 'analysis', 'disclosure'], packages: [], node: false },
  store: { layers: ['core'], packages: ['better-sqlite3', 'pg'], node: true },
  // The study folder as both faces (CLI and studio) see it: loading, keys, coupons, deploy bundles. Does I/O.
  study: { layers: ['core', 'instrument', 'collect', 'crypto', 'sampling', 'analysis', 'disclosure', 'report', 'export', 'store'], packages: '*', node: true },
  // The composition roots. The server never imports the CLI; the CLI may start the server.
  server: { layers: ['core', 'instrument', 'collect', 'crypto', 'sampling', 'analysis', 'disclosure', 'report', 'export', 'store'], packages: '*', node: true },
  // The researcher's studio: a local web application over the same domain code; the CLI starts it.
  studio: { layers: ['core', 'instrument', 'collect', 'crypto', 'sampling', 'analysis', 'disclosure', 'report', 'export', 'store', 'server', 'study'], packages: '*', node: true },
  cli: '*',
};

/**
 * Globals pure code may not reach, whatever the types say: the process, the file system and network, timers, and
 * the global object itself (through which any of them could be looked up by name). tsconfig.pure.json already
 * refuses most of them (no Node types); this list holds even for code that lies to the type checker.
 */
export const FORBIDDEN_GLOBALS = {
  process: 'the process (environment, arguments, exit) belongs to the composition roots',
  Buffer: 'use Uint8Array',
  require: 'pure code imports statically',
  module: 'pure code is an ES module',
  exports: 'pure code is an ES module',
  __dirname: 'pure code does not know where it lives',
  __filename: 'pure code does not know where it lives',
  globalThis: 'the global object leads to anything by name',
  global: 'the global object leads to anything by name',
  self: 'the global object leads to anything by name',
  window: 'the global object leads to anything by name',
  fetch: 'I/O belongs to the adapters',
  XMLHttpRequest: 'I/O belongs to the adapters',
  WebSocket: 'I/O belongs to the adapters',
  EventSource: 'I/O belongs to the adapters',
  setTimeout: 'timers belong to the composition roots',
  setInterval: 'timers belong to the composition roots',
  setImmediate: 'timers belong to the composition roots',
  clearTimeout: 'timers belong to the composition roots',
  clearInterval: 'timers belong to the composition roots',
  clearImmediate: 'timers belong to the composition roots',
  queueMicrotask: 'timers belong to the composition roots',
  performance: 'a clock: take the time as an argument',
  Deno: 'another runtime',
  Bun: 'another runtime',
};

/** The CSPRNG and WebCrypto stay in src/crypto; statistics take an Rng (src/core/rng.ts). */
const CRYPTO_LAYER = 'crypto';

const builtins = new Set(builtinModules);
const isNode = (spec) => spec.startsWith('node:') || builtins.has(spec.split('/')[0]);
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

function layerOf(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import directions between src/ folders and keep pure modules free of I/O.' },
    schema: [],
    messages: {
      layer: "src/{{from}} may not import src/{{to}} (allowed: {{allowed}}). See tools/eslint/layers.js and STYLE.md.",
      node: "src/{{from}} is pure domain code and may not import the Node built-in '{{spec}}'. Pass the capability in instead.",
      pkg: "src/{{from}} may not import the package '{{spec}}' (allowed: {{allowed}}).",
      unknown: "src/{{from}} is not a known layer; add it to tools/eslint/layers.js.",
      dynamicImport: 'src/{{from}} is pure domain code: import statically (a dynamic import can reach anything).',
      global: "src/{{from}} is pure domain code and may not use '{{name}}': {{why}}.",
      crypto: "src/{{from}} may not use the global '{{name}}': the CSPRNG and WebCrypto stay in src/crypto; statistics take an Rng.",
      clock: 'src/{{from}} is pure domain code and may not read the clock ({{what}}): take the time as an argument.',
      random: 'src/{{from}} is pure domain code and may not use Math.random: take an Rng (src/core/rng.ts) or, for secrets, src/crypto.',
      importMeta: 'src/{{from}} is pure domain code and may not use import.meta: it does not know where it lives.',
    },
  },
  create(context) {
    const file = context.filename;
    const srcRoot = path.join(context.cwd, 'src');
    const from = layerOf(file, srcRoot);
    if (from === undefined) return {};
    const rules = LAYERS[from];
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (rules === undefined) {
        context.report({ node, messageId: 'unknown', data: { from } });
        return;
      }
      if (rules === '*') return;
      if (spec.startsWith('.')) {
        const to = layerOf(path.resolve(path.dirname(file), spec), srcRoot);
        if (to === undefined || to === from) return;
        if (rules.layers !== '*' && !rules.layers.includes(to)) {
          context.report({ node, messageId: 'layer', data: { from, to, allowed: rules.layers.join(', ') || 'none' } });
        }
        return;
      }
      if (isNode(spec)) {
        if (!rules.node) context.report({ node, messageId: 'node', data: { from, spec } });
        return;
      }
      if (rules.packages !== '*' && !rules.packages.includes(packageName(spec))) {
        context.report({ node, messageId: 'pkg', data: { from, spec, allowed: rules.packages.join(', ') || 'none' } });
      }
    }
    const imports = {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
    if (rules === undefined || rules === '*' || rules.node) return imports;
    return { ...imports, ...pureChecks(context, from) };
  },
};

/** The node `id` is used through, looking past what only changes its type: `(Math as M)`, `Date!`. */
function outermost(id) {
  let n = id;
  while (n.parent && (n.parent.type === 'TSAsExpression' || n.parent.type === 'TSNonNullExpression' || n.parent.type === 'TSSatisfiesExpression' || n.parent.type === 'TSTypeAssertion')) n = n.parent;
  return n;
}

/** The property `m` reads, when it is written out (`a.b`, `a['b']`); undefined for a computed key. */
const memberName = (m) => (m.computed ? (m.property.type === 'Literal' ? String(m.property.value) : undefined) : m.property.name);

/** `Math.<name>` for any name but random: an alias of Math or a computed key could hide Math.random. */
function mathIsSafe(id) {
  const n = outermost(id);
  const p = n.parent;
  if (p?.type !== 'MemberExpression' || p.object !== n) return false;
  const key = memberName(p);
  return key !== undefined && key !== 'random';
}

/**
 * `new Date(x)`, `Date.UTC(…)` and `Date.parse(s)` compute; `new Date()`, `Date()` and `Date.now()` read the clock,
 * and an alias of Date could do either unseen. Returns the clock read, or undefined when there is none.
 */
function clockRead(id) {
  const n = outermost(id);
  const p = n.parent;
  if (p?.type === 'NewExpression' && p.callee === n) return p.arguments.length > 0 && p.arguments[0].type !== 'SpreadElement' ? undefined : 'new Date()';
  if (p?.type === 'MemberExpression' && p.object === n) {
    const key = memberName(p);
    return key === 'UTC' || key === 'parse' ? undefined : `Date.${key ?? '[…]'}`;
  }
  if (p?.type === 'CallExpression' && p.callee === n) return 'Date()';
  return 'Date used as a value';
}

/** The checks only pure folders get: no dynamic import, no Node or I/O globals, no clock, no Math.random. */
function pureChecks(context, from) {
  return {
    ImportExpression: (node) => context.report({ node, messageId: 'dynamicImport', data: { from } }),
    MetaProperty: (node) => {
      if (node.meta.name === 'import') context.report({ node, messageId: 'importMeta', data: { from } });
    },
    'Program:exit': (program) => {
      // The globals the file uses: references nothing in it declares, and references to the ES library's own
      // globals (Date, Math, globalThis), which the parser declares implicitly. Types count only as types.
      const globalScope = context.sourceCode.getScope(program);
      const references = [...globalScope.through];
      for (const v of globalScope.variables) if (v.defs.length === 0) references.push(...v.references);
      for (const ref of references) {
        if (ref.isTypeReference === true && ref.isValueReference !== true) continue;
        const id = ref.identifier;
        const name = id.name;
        if (Object.hasOwn(FORBIDDEN_GLOBALS, name)) {
          context.report({ node: id, messageId: 'global', data: { from, name, why: FORBIDDEN_GLOBALS[name] } });
        } else if (name === 'crypto' && from !== CRYPTO_LAYER) {
          context.report({ node: id, messageId: 'crypto', data: { from, name } });
        } else if (name === 'Math' && !mathIsSafe(id)) {
          context.report({ node: id, messageId: 'random', data: { from } });
        } else if (name === 'Date') {
          const what = clockRead(id);
          if (what !== undefined) context.report({ node: id, messageId: 'clock', data: { from, what } });
        }
      }
    },
  };
}
