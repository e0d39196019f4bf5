// No module of ours imports itself through others: every layer's modules form a tree of imports
// (a circle makes load order matter — a value read before its module ran is `undefined` — and
// binds modules that should move or be tested apart, as loader/registry/simWorld once were).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importCircles, importGraph, sourceFiles } from '../support/importGraph'

const ROOT = join(__dirname, '../..')

describe('import circles', () => {
  it('there are none in src-main or src-renderer/src', () => {
    const files = sourceFiles([join(ROOT, 'src-main'), join(ROOT, 'src-renderer/src')])
    // The walk really sees the tree: the modules of the old plugin circle, a .vue file, its edges.
    expect(files.length).toBeGreaterThan(100)
    const graph = importGraph(files)
    const loader = join(ROOT, 'src-main/core/plugins/loader.ts')
    expect(graph.get(loader)).toContain(join(ROOT, 'src-main/core/plugins/registry.ts'))
    expect(graph.get(join(ROOT, 'src-renderer/src/components/views/DemoLabView.vue'))).toContain(
      join(ROOT, 'src-main/common/demoScenarios.ts'),
    )

    expect(importCircles(graph, ROOT)).toEqual([])
  })

  it('names every circle it finds, with a path around it', () => {
    const m = (name: string): string => join(ROOT, name)
    const graph = new Map([
      [m('a.ts'), [m('b.ts')]],
      [m('b.ts'), [m('c.ts'), m('d.ts')]],
      [m('c.ts'), [m('a.ts')]],
      [m('d.ts'), []],
      [m('self.ts'), [m('self.ts')]],
      [m('x.ts'), [m('y.ts')]],
      [m('y.ts'), [m('x.ts'), m('z.ts')]],
      [m('z.ts'), [m('y.ts')]],
    ])
    expect(importCircles(graph, ROOT).sort()).toEqual([
      'a.ts → b.ts → c.ts → a.ts',
      'self.ts → self.ts',
      'x.ts → y.ts → x.ts (also in it: z.ts)',
    ])
  })

  it('follows type-only imports, re-exports, dynamic imports and .vue scripts', () => {
    const dir = join(__dirname, 'fixtures/importCircle')
    const graph = importGraph(sourceFiles([dir]))
    expect(graph.size).toBe(5)
    expect(importCircles(graph, dir)).toEqual([
      'Third.vue → fourth.mjs → first.mjs → second.mjs → Third.vue',
    ])
  })
})
