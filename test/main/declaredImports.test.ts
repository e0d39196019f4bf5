// Every package a module under src-main imports is one package.json declares in `dependencies`:
// what comes in only through another package (ssh2 through node-ssh, say) can change or vanish
// with that package's next release. A devDependency is allowed for imports erased at build
// (`import type`), and `electron` — a devDependency the Electron runtime provides — in the
// main-process and preload folders only.
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../..')

interface Manifest {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/** One import of a package by a module. */
interface PackageImport {
  specifier: string
  /** Erased at build: `import type`, `export type`, or every name imported marked `type`. */
  typeOnly: boolean
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), else undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined
  }
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  return builtinModules.includes(name) ? undefined : name
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause
  if (!clause) return false // `import 'x'` runs x
  if (clause.isTypeOnly) return true
  if (clause.name) return false
  const bindings = clause.namedBindings
  if (!bindings || ts.isNamespaceImport(bindings)) return false
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)
}

/** Every module specifier of a source: imports, re-exports, `import()` and `require()`. */
function importsOf(fileName: string, text: string): PackageImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const found: PackageImport[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) })
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly })
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const [first] = node.arguments
      const callee = node.expression
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require')
      if (loads && first && ts.isStringLiteralLike(first)) {
        found.push({ specifier: first.text, typeOnly: false })
      }
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) {
        found.push({ specifier: argument.literal.text, typeOnly: true })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Why an import of `file` (a path under src-main) is not declared as it must be, or undefined. */
function undeclared(file: string, use: PackageImport, manifest: Manifest): string | undefined {
  const name = packageOf(use.specifier)
  if (name === undefined) return undefined
  const deps = manifest.dependencies ?? {}
  const dev = manifest.devDependencies ?? {}
  if (Object.hasOwn(deps, name)) return undefined
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`
  if (use.typeOnly && (Object.hasOwn(dev, name) || Object.hasOwn(dev, typesName))) return undefined
  const inElectronRuntime = /^src-main\/(electron|preload)\//.test(file)
  if (name === 'electron' && inElectronRuntime && Object.hasOwn(dev, 'electron')) return undefined
  const where = Object.hasOwn(dev, name) ? 'only in devDependencies' : 'not in package.json'
  return `${file}: imports '${use.specifier}'${use.typeOnly ? ' (types)' : ''}: ${name} is ${where}`
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest

describe('packages imported by src-main', () => {
  it('are all declared in package.json dependencies', () => {
    const problems: string[] = []
    const seen = new Set<string>()
    for (const path of sourcesUnder(join(ROOT, 'src-main'))) {
      const file = relative(ROOT, path).split('\\').join('/')
      for (const use of importsOf(file, readFileSync(path, 'utf8'))) {
        const name = packageOf(use.specifier)
        if (name) seen.add(name)
        const problem = undeclared(file, use, manifest)
        if (problem) problems.push(problem)
      }
    }
    expect(problems).toEqual([])
    // The scan reads what it should: packages the core and the adapters are known to use.
    for (const name of ['node-ssh', 'ssh2', 'zod', 'ws', 'electron']) expect(seen).toContain(name)
  })

  it('catches an undeclared, a dev-only and a misplaced import, and lets the allowed ones by', () => {
    const m: Manifest = {
      dependencies: { 'node-ssh': '1', '@scope/lib': '1' },
      devDependencies: { electron: '1', '@types/ssh2': '1', vitest: '1' },
    }
    const problemsOf = (file: string, code: string): string[] =>
      importsOf(file, code)
        .map((use) => undeclared(file, use, m))
        .filter((p): p is string => p !== undefined)
    const core = 'src-main/core/x.ts'
    expect(problemsOf(core, "import type { Client } from 'ssh2'")).toEqual([])
    expect(problemsOf(core, "import { type Client, type ClientChannel } from 'ssh2'")).toEqual([])
    expect(problemsOf(core, "import { Client } from 'ssh2'")).toEqual([
      `${core}: imports 'ssh2': ssh2 is not in package.json`,
    ])
    expect(problemsOf(core, "const p = require('ssh2/package.json')")).toHaveLength(1)
    expect(problemsOf(core, "const m = await import('left-pad')")).toHaveLength(1)
    expect(problemsOf(core, "export { x } from 'left-pad'")).toHaveLength(1)
    expect(problemsOf(core, "import { it } from 'vitest'")).toEqual([
      `${core}: imports 'vitest': vitest is only in devDependencies`,
    ])
    expect(problemsOf(core, "import { app } from 'electron'")).toHaveLength(1)
    expect(problemsOf('src-main/electron/x.ts', "import { app } from 'electron'")).toEqual([])
    expect(problemsOf('src-main/preload/x.ts', "import { ipcRenderer } from 'electron'")).toEqual(
      [],
    )
    expect(
      problemsOf(
        core,
        "import { readFile } from 'node:fs'\nimport { join } from 'path'\nimport a from './a'\n" +
          "import { NodeSSH } from 'node-ssh'\nimport b from '@scope/lib/sub'",
      ),
    ).toEqual([])
  })
})
