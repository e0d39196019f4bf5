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

  it('the renderer imports only src-main/common', async () => {
    const file = 'src-renderer/src/snippet.ts'
    expect(
      await layeringErrors(
        file,
        "import { planHost } from '../../src-main/core/planner/planHost'\nexport const a = planHost\n",
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
