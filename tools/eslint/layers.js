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
  // The composition roots. The server never imports the CLI; the CLI may start the server.
  server: { layers: ['core', 'instrument', 'collect', 'crypto', 'sampling', 'analysis', 'disclosure', 'report', 'export', 'store'], packages: '*', node: true },
  cli: '*',
};

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
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
