import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Browser code lives in src/ (tests and test helpers excepted); everything else runs in Node. */
const BROWSER_CODE = ['src/**'];
const TESTS = ['src/**/*.test.ts', 'src/**/testing/**'];

/**
 * The layers of src/, and what each may import (besides its own folder). A layer not
 * listed is off limits: an import path that names its folder is refused.
 */
const LAYERS = {
  // Pure logic, testable in Node: no browser API, no storage keys, no messages, no UI.
  core: [],
  // The only code that touches the browser's extension API (webextension-polyfill).
  platform: ['core'],
  // Storage key names only.
  storage: [],
  // The messages between the pages, the content scripts and the background.
  messaging: ['core', 'platform'],
  // What the background keeps in IndexedDB: records, queries, the search index.
  history: ['core'],
  // The extension's service worker / event page.
  background: ['core', 'history', 'messaging', 'platform', 'storage'],
  // Isolated-world content scripts (the page-world part is narrowed below).
  content: ['core', 'messaging', 'platform', 'storage'],
  // Shared pieces of the extension's pages.
  ui: ['core', 'messaging', 'platform'],
  popup: ['core', 'history', 'messaging', 'platform', 'ui'],
  options: ['core', 'messaging', 'platform', 'ui'],
  // The explanatory page.
  interstitial: ['core', 'messaging', 'platform', 'ui'],
};

/** Packages that belong to one or a few layers only. */
const PACKAGES = {
  'webextension-polyfill': ['platform'],
  idb: ['background', 'history'],
  preact: ['ui', 'popup', 'options'],
};

/** Further limits within a layer. */
const EXTRA = {
  content: [
    {
      group: ['**/page-world/**'],
      message: "The isolated world does not import the page world's guard (it patches the page's globals).",
    },
  ],
};

const NODE_ONLY = 'Node is for tests and tools: this code runs in the browser.';
const NODE_BUILTINS = {
  paths: builtinModules.map((name) => ({ name, message: NODE_ONLY })),
  patterns: [{ group: ['node:*'], message: NODE_ONLY }],
};

/**
 * @typescript-eslint/no-restricted-imports options for one layer. In flat config a later
 * block replaces a rule's options, so each block states the whole list.
 * `typesFrom`: layers whose types (only) may be imported; `node`: Node's modules allowed.
 */
function layerImports(
  layer,
  { name = layer, allowed = LAYERS[layer], typesFrom = [], node = false, extraGroups = EXTRA[layer] ?? [] } = {},
) {
  const types = typesFrom.length > 0 ? ` (and types from ${typesFrom.join(', ')})` : '';
  const message = `${name} may import only from ${allowed.length > 0 ? allowed.join(', ') : 'itself'}${types}.`;
  const forbidden = Object.keys(LAYERS).filter((l) => l !== layer && !allowed.includes(l) && !typesFrom.includes(l));
  const groups = [
    { group: forbidden.map((l) => `**/${l}/**`), message },
    ...typesFrom.map((l) => ({ group: [`**/${l}/**`], message, allowTypeImports: true })),
    ...Object.entries(PACKAGES)
      .filter(([, layers]) => !layers.includes(layer))
      .map(([pkg, layers]) => ({ group: [pkg, `${pkg}/*`], message: `${pkg} is for ${layers.join(', ')} only.` })),
    ...extraGroups,
    ...(node ? [] : NODE_BUILTINS.patterns),
  ].filter((g) => g.group.length > 0);
  return ['error', { paths: node ? [] : NODE_BUILTINS.paths, patterns: groups }];
}

/** The page's own world (MAIN) has no extension API: the shared core and the page-report contract only. */
const PAGE_WORLD = ['src/content/page-guard.iife.ts', 'src/content/page-report.ts', 'src/content/page-world/**'];

export default tseslint.config(
  { ignores: ['dist/', 'artifacts/', 'node_modules/', 'test-results/', 'playwright-report/', '.lab/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Globals: the browser's for the extension, Node's for tests, tools, e2e and benchmarks
  // (e2e and the benchmarks also hand functions to pages, which run in a browser).
  // (Flat config merges globals: Node's are kept off src/ by `ignores`, not overridden.)
  { ignores: BROWSER_CODE, languageOptions: { globals: globals.node } },
  { files: ['e2e/**', 'bench/**'], languageOptions: { globals: globals.browser } },
  { files: BROWSER_CODE, languageOptions: { globals: globals.browser } },
  { files: TESTS, languageOptions: { globals: globals.node } },
  // Layers: one block per folder of src/ for the extension's code, one for its tests.
  ...Object.keys(LAYERS).flatMap((layer) => [
    {
      files: [`src/${layer}/**`],
      ignores: TESTS,
      rules: { '@typescript-eslint/no-restricted-imports': layerImports(layer) },
    },
    {
      files: TESTS.map((glob) => glob.replace('src/**', `src/${layer}/**`)),
      rules: {
        '@typescript-eslint/no-restricted-imports': layerImports(layer, {
          node: true,
          // The history's tests drive it through the background's history store.
          allowed: layer === 'history' ? [...LAYERS.history, 'background'] : LAYERS[layer],
        }),
      },
    },
  ]),
  {
    files: PAGE_WORLD,
    rules: {
      '@typescript-eslint/no-restricted-imports': layerImports('content', {
        name: 'The page world',
        allowed: ['core'],
        // The shape of what it reports (ReportedCredential), not the messaging code.
        typesFrom: ['messaging'],
        extraGroups: [
          {
            group: ['**/isolated/**', '**/form-guard.iife'],
            message: 'The page world does not import the isolated-world content script.',
          },
        ],
      }),
    },
  },
);
