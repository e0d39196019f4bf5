// The import graph of our own sources, by their relative imports, and the circles in it. Static
// imports, `export … from`, type-only imports and dynamic `import()` all count: a circle of types
// is still two modules that cannot be understood (or moved) apart.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/** Module → the modules it imports (absolute paths, only files of the graph). */
export type ImportGraph = Map<string, string[]>

const SOURCE = /\.(ts|mts|vue|js|mjs)$/
const CANDIDATE_SUFFIXES = ['', '.ts', '.mts', '.vue', '.js', '.mjs', '/index.ts', '/index.js']

/** Every source file under `dirs` (`.d.ts` and `node_modules` left out), sorted. */
export function sourceFiles(dirs: readonly string[]): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path)
    }
  }
  for (const dir of dirs) walk(dir)
  return out.sort()
}

/** The code of a module: a `.vue` file's `<script>` blocks, else the whole file. */
function codeOf(file: string): string {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return text
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

/** The file a relative specifier names, as a bundler resolves it (`./x` → `./x.ts`, `./x/index.ts`). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const bare = resolve(dirname(from), specifier.replace(/[?#].*$/, ''))
  const bases = /\.m?js$/.test(bare) ? [bare, bare.replace(/\.(m?)js$/, '.$1ts')] : [bare]
  for (const base of bases) {
    for (const suffix of CANDIDATE_SUFFIXES) {
      const path = base + suffix
      if (existsSync(path) && statSync(path).isFile()) return path
    }
  }
  return undefined
}

/** The graph of `files` by their relative imports (imports of other files are left out). */
export function importGraph(files: readonly string[]): ImportGraph {
  const known = new Set(files)
  const graph: ImportGraph = new Map()
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(codeOf(file), true, true)
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveSpecifier(file, specifier))
      .filter((path): path is string => path !== undefined && known.has(path))
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** The strongly connected components of more than one module, or of one importing itself. */
function circularComponents(graph: ImportGraph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next)
    next += 1
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!))
      }
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v)
  return found
}

/** A shortest circle through `start` inside `component`: `[start, …, start]`. */
function circleThrough(graph: ImportGraph, component: readonly string[], start: string): string[] {
  const inside = new Set(component)
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const v = queue.shift()!
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue
      if (w === start) {
        const path = [v]
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!)
        return [...path, start]
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v)
        queue.push(w)
      }
    }
  }
  return [start, start]
}

/**
 * Every import circle of the graph, one per group of modules that import each other, each named by
 * a shortest circle through its first module: `a.ts → b.ts → a.ts` (paths relative to `root`),
 * followed by the group's other members when the circle does not pass them all.
 */
export function importCircles(graph: ImportGraph, root: string): string[] {
  return circularComponents(graph).map((component) => {
    const circle = circleThrough(graph, component, component[0]!)
    const rel = (path: string): string => relative(root, path)
    const rest = component.filter((m) => !circle.includes(m))
    return (
      circle.map(rel).join(' → ') +
      (rest.length ? ` (also in it: ${rest.map(rel).join(', ')})` : '')
    )
  })
}
