// A clean first install (README, Requirements): package.json `engines.node` tells the truth about
// the Node that runs every part. npm prints EBADENGINE for each installed package whose `engines`
// rejects the running Node; .npmrc's engine-strict makes that an error. This checks, offline, every
// package of package-lock.json against every Node that package.json admits, with the semver of the
// npm on PATH (the one that judges EBADENGINE); and that scripts/install-node.sh, which .ci/run runs
// before `npm ci`, pins such a Node, reads the range from package.json, and that tests run on one.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../../src-main/core/paths'

interface Semver {
  subset(sub: string, dom: string): boolean
  satisfies(version: string, range: string): boolean
  validRange(range: string): string | null
}
interface LockEntry {
  version?: string
  engines?: { node?: string } | string[]
}

const read = (file: string): string => readFileSync(join(PROJECT_ROOT, file), 'utf8')
const manifest = JSON.parse(read('package.json')) as { engines: { node: string } }
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> }
const range = manifest.engines.node

/** npm's own semver, found beside the npm on PATH (bin/npm-cli.js → its package folder). */
function npmSemver(): Semver {
  const npmBin = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim()
  const npmDir = dirname(dirname(realpathSync(npmBin)))
  return createRequire(join(npmDir, 'package.json'))('semver') as Semver
}
const semver = npmSemver()

/** Each locked package whose engines.node does not admit every Node that package.json does. */
function packagesNarrowerThan(projectRange: string): string[] {
  const narrower: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || Array.isArray(entry.engines) || entry.engines?.node === undefined) continue
    if (!semver.subset(projectRange, entry.engines.node)) {
      narrower.push(
        `${path.replace(/^.*node_modules\//, '')}@${entry.version}: ${entry.engines.node}`,
      )
    }
  }
  return narrower.sort()
}

describe('engines.node', () => {
  it('is a range, and the lock file records the same', () => {
    expect(semver.validRange(range)).not.toBeNull()
    expect(lock.packages['']?.engines).toEqual(manifest.engines)
  })

  it(`(${range}) is admitted by every locked package, so npm ci prints no EBADENGINE`, () => {
    expect(packagesNarrowerThan(range)).toEqual([])
  })

  it('is what the Electron tooling needs: the Node 20 range of before would not be', () => {
    // The check above can fail: the range this project declared on Node 20 is rejected by these.
    expect(packagesNarrowerThan('>=20.19')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^electron@.*: >= ?22\.12/),
        expect.stringMatching(/^@electron\/get@.*: >=22\.12/),
        expect.stringMatching(/^@electron-internal\/extract-zip@.*: >=22\.12/),
      ]),
    )
  })

  it('is enforced by npm: engine-strict turns a mismatch into an error', () => {
    expect(read('.npmrc').split('\n')).toContain('engine-strict=true')
  })

  it('admits the Node that scripts/install-node.sh pins', () => {
    const pinned = /^NODE_VERSION=(\S+)$/m.exec(read('scripts/install-node.sh'))?.[1]
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    expect(semver.satisfies(pinned ?? '', range)).toBe(true)
  })

  it('admits the Node running the tests (.ci/run runs scripts/install-node.sh first)', () => {
    expect(
      semver.satisfies(process.versions.node, range),
      `Node ${process.versions.node} is not in ${range}: run bash scripts/install-node.sh`,
    ).toBe(true)
  })

  it('is read by scripts/install-node.sh, which then leaves a Node in range alone', () => {
    // Never run on a Node out of range from a test: it would install one. (Its installing path is
    // tried by hand: it fetches from the registry.)
    expect(semver.satisfies(process.versions.node, range)).toBe(true)
    const run = spawnSync('bash', [join(PROJECT_ROOT, 'scripts/install-node.sh')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        FENCEPOST_NODE_LINK: '0',
      },
    })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(
      `install-node: Node v${process.versions.node} (${process.execPath}) is in package.json's ` +
        `range ${range}; nothing to do\n`,
    )
    expect(run.status).toBe(0)
  })
})
