// The layering rules of eslint.config.js ("Bad layering"): one map of layers, checked by feeding
// the real ESLint config, for every layer, imports it must refuse and imports it must accept.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../..')
const eslint = new ESLint({ cwd: ROOT })

async function layeringErrors(file: string, specifier: string): Promise<string[]> {
  const code = `import * as imported from '${specifier}'\nexport const a = imported\n`
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

interface LayerCase {
  /** A file of the layer (need not exist). */
  file: string
  forbidden: string[]
  allowed: string[]
}

/** Every layer of the map, with imports it refuses and imports it accepts. */
const CASES: Record<string, LayerCase> = {
  'src-main/common': {
    file: 'src-main/common/planner/snippet.ts',
    forbidden: ['node:fs', 'path', 'electron', '../../core/paths', '../../server/apiRoute', 'vue'],
    allowed: ['zod', '../document', './machines'],
  },
  'src-main/core': {
    file: 'src-main/core/fencing/snippet.ts',
    forbidden: [
      'electron',
      'electron-store',
      '../../electron/ipc',
      '../../server/browserServer',
      '../../../src-renderer/src/lib/model',
      // The root plugins folder, not core's own plugins/.
      '../../../plugins/sim/index.js',
      '../../../test/lab/lab',
      'ws',
    ],
    allowed: ['../plugins/registry', '../../common/document', 'node:fs', 'ssh2', 'node-ssh'],
  },
  'src-main/cli': {
    file: 'src-main/cli/commands/snippet.ts',
    forbidden: ['electron', '../../electron/ipc', '../../preload/index', 'node-ssh'],
    allowed: ['../../server/browserServer', '../../core/fencepostCore', 'node:util', './plan'],
  },
  'src-main/server': {
    file: 'src-main/server/snippet.ts',
    forbidden: ['../cli/main', 'electron', 'electron-store', '../electron/ipc'],
    allowed: ['../core/fencepostCore', '../common/api', 'ws', 'node:http'],
  },
  'src-main/electron': {
    file: 'src-main/electron/snippet.ts',
    forbidden: ['../server/browserServer', '../cli/main', '../preload/index', 'ws'],
    allowed: ['../core/fencepostCore', 'electron', 'electron-store', 'node:path'],
  },
  'src-main/preload': {
    file: 'src-main/preload/snippet.ts',
    forbidden: ['../core/paths', 'node:fs', '../electron/ipc', 'electron-store'],
    allowed: ['electron', '../common/api'],
  },
  'src-renderer': {
    file: 'src-renderer/src/lib/snippet.ts',
    forbidden: [
      '../../../src-main/core/paths',
      '../../../src-main/electron/ipc',
      'node:fs',
      'fs/promises',
      'electron',
      'zod',
    ],
    allowed: [
      '../../../src-main/common/api',
      'vue',
      '@vue-flow/core/dist/style.css',
      // The renderer's own components/common, not src-main/common.
      '../components/common/AppIcon.vue',
    ],
  },
  plugins: {
    file: 'plugins/sim/snippet.js',
    forbidden: ['../../src-main/core/plugins/pluginApi', '../../src-main/common/api', 'zod'],
    allowed: ['node:crypto', './helpers.js'],
  },
  bin: {
    file: 'bin/snippet.js',
    forbidden: ['../src-main/core/fencepostCore', 'esbuild'],
    allowed: ['../src-main/cli/main.ts', '../scripts/cliBuild.js', 'tsx/esm/api'],
  },
  scripts: {
    file: 'scripts/snippet.js',
    forbidden: ['../src-main/core/paths', '../test/lab/lab', 'vue'],
    allowed: ['node:fs', 'esbuild', './uiBuild.js'],
  },
  bench: {
    file: 'bench/snippet.ts',
    forbidden: ['../src-renderer/src/lib/model', '../src-main/electron/ipc', 'electron'],
    allowed: ['../src-main/common/planner/planHost', '../test/lab/lab', 'playwright-core'],
  },
  test: {
    file: 'test/main/core/snippet.test.ts',
    // Anything the tree holds, but only packages package.json declares.
    forbidden: ['left-pad', '@types/not-declared'],
    allowed: ['../../../src-main/electron/ipc', '../../../bench/run', 'electron', 'vitest', 'ssh2'],
  },
}

async function layers(): Promise<Record<string, unknown>> {
  const config = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as {
    LAYERS: Record<string, unknown>
  }
  return config.LAYERS
}

describe('layering', () => {
  it('the map covers every folder of src-main and every top-level folder with code', async () => {
    const mapped = Object.keys(await layers())
    expect(Object.keys(CASES).sort()).toEqual([...mapped].sort())
    const srcMain = readdirSync(join(ROOT, 'src-main'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `src-main/${e.name}`)
    for (const folder of srcMain) expect(mapped, folder).toContain(folder)
    // Build output and data (.gitignore), and src-main, whose folders are checked above.
    const notCode = new Set([
      'node_modules',
      'out',
      'dist',
      'coverage',
      'test-results',
      'resources',
      'src-main',
    ])
    const topLevel = readdirSync(ROOT, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !notCode.has(e.name))
      .map((e) => e.name)
    for (const folder of topLevel) expect(mapped, folder).toContain(folder)
  })

  for (const [layer, { file, forbidden, allowed }] of Object.entries(CASES)) {
    it(`${layer} refuses what the map forbids and accepts what it allows`, async () => {
      for (const specifier of forbidden) {
        const errors = await layeringErrors(file, specifier)
        expect(errors, `${layer} importing ${specifier}`).toHaveLength(1)
        expect(errors[0]).toContain('Bad layering')
      }
      for (const specifier of allowed) {
        expect(await layeringErrors(file, specifier), `${layer} importing ${specifier}`).toEqual([])
      }
    })
  }

  it('checks files at every depth of a layer, Vue files included', async () => {
    for (const file of [
      'src-renderer/src/snippet.ts',
      'src-renderer/src/components/inspector/Snippet.vue',
    ]) {
      const specifier = file.endsWith('.vue')
        ? '../../../../src-main/core/paths'
        : '../../src-main/core/paths'
      const code = file.endsWith('.vue')
        ? `<script setup lang="ts">\nimport { PROJECT_ROOT } from '${specifier}'\nconsole.log(PROJECT_ROOT)\n</script>\n`
        : `import { PROJECT_ROOT } from '${specifier}'\nexport const a = PROJECT_ROOT\n`
      const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
      const errors = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports')
      expect(errors, file).toHaveLength(1)
    }
  })
})
