// Layering ("Bad layering", as VS Code's `code-layering` rule): ONE map of the layers below says,
// for every folder, which other layers it may import, whether it may use Node built-ins, and which
// npm packages. The `no-restricted-imports` settings of every folder are generated from it.
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
/** In a layer's `packages`, `'package.json'` stands for every package it declares. */
const DECLARED = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
const expand = (packages) =>
  packages.flatMap((name) => (name === 'package.json' ? DECLARED : [name]))

/**
 * The layers (DESIGN.md §1, STYLE.md "Layout and layering"). `imports`: the other layers a layer
 * may import (`'*'`: any); `node`: Node built-ins allowed; `packages`: the npm packages allowed
 * (`'package.json'`: all it declares).
 * A layer always imports itself. Change a rule here, nowhere else.
 */
export const LAYERS = {
  'src-main/common': { imports: [], node: false, packages: ['zod'] },
  'src-main/core': {
    imports: ['src-main/common'],
    node: true,
    // ssh2 is node-ssh's own dependency, imported for its types and channel control.
    packages: ['zod', 'conf', 'node-ssh', 'ssh2', '@napi-rs/keyring'],
  },
  'src-main/server': {
    imports: ['src-main/common', 'src-main/core'],
    node: true,
    packages: ['ws'],
  },
  'src-main/cli': {
    imports: ['src-main/common', 'src-main/core', 'src-main/server'],
    node: true,
    packages: [],
  },
  'src-main/electron': {
    imports: ['src-main/common', 'src-main/core'],
    node: true,
    packages: ['electron', 'electron-store'],
  },
  // Sandboxed: no Node, only the contract and contextBridge.
  'src-main/preload': { imports: ['src-main/common'], node: false, packages: ['electron'] },
  'src-renderer': {
    imports: ['src-main/common'],
    node: false,
    packages: ['vue', 'pinia', 'naive-ui', '@vue-flow/core'],
  },
  // Plugins get what they need through their PluginContext, never by importing the app.
  plugins: { imports: [], node: true, packages: [] },
  // The bin builds the CLI when its sources are newer (scripts/cliBuild.js), then runs it.
  bin: { imports: ['src-main/cli', 'scripts'], node: true, packages: ['tsx'] },
  scripts: { imports: [], node: true, packages: ['esbuild', 'vite', 'electron-vite'] },
  bench: {
    imports: [
      'src-main/common',
      'src-main/core',
      'src-main/cli',
      'src-main/server',
      'scripts',
      'test',
    ],
    node: true,
    packages: ['playwright-core', 'ssh2'],
  },
  // ssh2: see src-main/core.
  test: { imports: '*', node: true, packages: ['package.json', 'ssh2'] },
}

const SOURCE = '{js,mjs,cjs,ts,mts,cts,vue}'
/** Deeper than any file of the tree; a deeper file would simply go unchecked. */
const MAX_DEPTH = 10

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const segments = (path) => path.split('/')

/**
 * A regex for the relative specifiers that reach layer `target` from a file `depth` folders below
 * layer `from` (0: directly in it). A specifier climbing `n` folders lands in an ancestor of the
 * file; it reaches the target when the rest of it walks down into the target's folder.
 */
function reaching(from, depth, target) {
  const own = segments(from)
  const climbs = []
  for (let n = depth + 1; n <= own.length + depth; n++) {
    const ancestor = own.slice(0, own.length + depth - n)
    const wanted = segments(target)
    if (ancestor.some((part, i) => wanted[i] !== part)) continue
    const rest = wanted.slice(ancestor.length).map(escape).join('/')
    climbs.push(`(?:\\.\\./){${n}}${rest}(?:/|$)`)
  }
  return climbs.length ? `^(?:\\./)?(?:${climbs.join('|')})` : undefined
}

const NODE_BUILTINS = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '')))]
const builtinPattern = `(?:node:|(?:${NODE_BUILTINS.map(escape).join('|')})(?:/|$))`

/** The `no-restricted-imports` patterns of files `depth` folders below a layer. */
function restrictionsOf(layer, depth) {
  const rule = LAYERS[layer]
  const patterns = []
  if (rule.imports !== '*') {
    const allowed = new Set([layer, ...rule.imports])
    const allowedWords = rule.imports.length ? rule.imports.join(', ') : 'no other layer'
    for (const target of Object.keys(LAYERS)) {
      if (allowed.has(target)) continue
      const regex = reaching(layer, depth, target)
      if (regex === undefined) continue
      patterns.push({
        regex,
        caseSensitive: true,
        message: `Bad layering: ${layer} imports ${allowedWords}, not ${target} (eslint.config.js LAYERS).`,
      })
    }
  }
  if (!rule.node) {
    patterns.push({
      regex: `^${builtinPattern}`,
      caseSensitive: true,
      message: `Bad layering: ${layer} runs without Node, so no Node built-ins (eslint.config.js LAYERS).`,
    })
  }
  const packages = expand(rule.packages).map(escape).join('|')
  const allowedPackages = packages ? `(?!(?:${packages})(?:/|$))` : ''
  patterns.push({
    regex: `^(?![./])(?!${builtinPattern})${allowedPackages}`,
    caseSensitive: true,
    message: `Bad layering: ${layer} may import only the npm packages ${rule.packages.join(', ') || '(none)'} (eslint.config.js LAYERS).`,
  })
  return patterns
}

/** One config block per layer and folder depth, so relative specifiers can be judged exactly. */
function layeringConfigs() {
  const configs = []
  for (const layer of Object.keys(LAYERS)) {
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const patterns = restrictionsOf(layer, depth)
      if (patterns.length === 0) continue
      configs.push({
        files: [`${layer}/${'*/'.repeat(depth)}*.${SOURCE}`],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      })
    }
  }
  return configs
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'test/e2e/screenshots/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  ...layeringConfigs(),
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['plugins/**/*.js', 'bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
)
