// The layering rules of eslint.config.js ("Bad layering"), checked on snippets placed in each layer.
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../..')
const eslint = new ESLint({ cwd: ROOT })

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

describe('layering', () => {
  it('common imports nothing Node, Electron or from other layers', async () => {
    const file = 'src-main/common/snippet.ts'
    expect(
      await layeringErrors(
        file,
        "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
      ),
    ).toHaveLength(1)
    expect(
      await layeringErrors(file, "import { app } from 'electron'\nexport const a = app\n"),
    ).toHaveLength(1)
    expect(
      await layeringErrors(
        file,
        "import { PROJECT_ROOT } from '../core/paths'\nexport const a = PROJECT_ROOT\n",
      ),
    ).toHaveLength(1)
    expect(await layeringErrors(file, "import { z } from 'zod'\nexport const a = z\n")).toEqual([])
  })

  it('core, CLI and server never import Electron', async () => {
    for (const file of [
      'src-main/core/snippet.ts',
      'src-main/cli/snippet.ts',
      'src-main/server/snippet.ts',
    ]) {
      expect(
        await layeringErrors(file, "import { app } from 'electron'\nexport const a = app\n"),
      ).toHaveLength(1)
      expect(
        await layeringErrors(file, "import Store from 'electron-store'\nexport const a = Store\n"),
      ).toHaveLength(1)
    }
  })

  it('the Electron main process imports common and core, no other layer', async () => {
    const file = 'src-main/electron/snippet.ts'
    expect(
      await layeringErrors(
        file,
        "import { createServer } from '../server/browserServer'\nexport const a = createServer\n",
      ),
    ).toHaveLength(1)
    expect(
      await layeringErrors(file, "import { run } from '../cli/main'\nexport const a = run\n"),
    ).toHaveLength(1)
    expect(
      await layeringErrors(
        file,
        "import { createCore } from '../core/fencepostCore'\nimport { app } from 'electron'\n" +
          'export const a = [createCore, app]\n',
      ),
    ).toEqual([])
  })

  it('the preload imports only common and electron', async () => {
    const file = 'src-main/preload/snippet.ts'
    for (const code of [
      "import { PROJECT_ROOT } from '../core/paths'\nexport const a = PROJECT_ROOT\n",
      "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
      "import { apiChannels } from '../electron/ipc'\nexport const a = apiChannels\n",
    ]) {
      expect(await layeringErrors(file, code), code).toHaveLength(1)
    }
    expect(
      await layeringErrors(
        file,
        "import { contextBridge } from 'electron'\nimport { API_METHODS } from '../common/api'\n" +
          'export const a = [contextBridge, API_METHODS]\n',
      ),
    ).toEqual([])
  })

  it('the renderer imports only src-main/common', async () => {
    const file = 'src-renderer/src/snippet.ts'
    expect(
      await layeringErrors(
        file,
        "import { PROJECT_ROOT } from '../../src-main/core/paths'\nexport const a = PROJECT_ROOT\n",
      ),
    ).toHaveLength(1)
    expect(
      await layeringErrors(
        file,
        "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
      ),
    ).toHaveLength(1)
    expect(
      await layeringErrors(
        file,
        "import { API_METHODS } from '../../src-main/common/api'\nexport const a = API_METHODS\n",
      ),
    ).toEqual([])
  })
})
