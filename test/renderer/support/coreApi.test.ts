// The renderer tests' transport to the real core does what Electron's IPC does to a call and
// nothing more: clones both ways, the shared argument check, ApiErrors revived with code and
// details; its hooks act on the wire only.
import { reactive } from 'vue'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-main/common/errors'
import { startCore } from './coreApi'
import { sampleDocument } from './sampleLab'

describe('the renderer tests’ core transport', () => {
  it('shares no object with the core, either way', async () => {
    const lab = await startCore()
    const doc = sampleDocument()
    doc.hosts[0]!.name = 'renamed'
    const saved = lab.api.topology.save(doc, 1)
    // Changed after the call: what crossed the wire is unaffected.
    doc.hosts[0]!.name = 'changed-after'
    expect(await saved).toMatchObject({ ok: true, revision: 2 })
    expect(lab.stored().document?.hosts[0]?.name).toBe('renamed')
    const first = await lab.api.topology.load()
    first.document.hosts[0]!.name = 'mine'
    expect((await lab.api.topology.load()).document.hosts[0]?.name).toBe('renamed')
  })

  it('refuses a reactive proxy, as a structured clone over IPC does', async () => {
    const lab = await startCore()
    await expect(lab.api.topology.validate(reactive(sampleDocument()))).rejects.toThrow(
      /could not be cloned/,
    )
  })

  it('checks arguments with the API’s schemas and names the bad one', async () => {
    const lab = await startCore()
    const refusal = await lab.api.fencing
      .run({ host: 'a1', action: 'explode', dryRun: true } as never)
      .catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(ApiError)
    expect(refusal).toMatchObject({ code: 'bad-arguments' })
    expect((refusal as Error).message).toMatch(
      /^fencing\.run: bad arguments \(argument 0\.action\)/,
    )
  })

  it('brings the core’s ApiError back with its code and details', async () => {
    const lab = await startCore()
    await lab.saveElsewhere(sampleDocument())
    const refusal = await lab.api.topology.save(sampleDocument(), 1).catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(ApiError)
    expect(refusal).toMatchObject({
      code: 'changed-elsewhere',
      message: 'the topology was changed elsewhere (revision 2, you edited 1)',
      details: { revision: 2 },
    })
  })

  it('holds a call back, fails the next one on request, and drops events while offline', async () => {
    const lab = await startCore({ stored: null })
    const release = lab.hold('plugins.list')
    let answered = false
    const listed = lab.api.plugins.list().then((plugins) => ((answered = true), plugins))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(answered).toBe(false)
    release()
    expect((await listed).map((p) => p.id)).toContain('ipmilan')

    lab.failNext('settings.get', new ApiError('busy', 'held elsewhere'))
    await expect(lab.api.settings.get()).rejects.toThrow('held elsewhere')
    expect((await lab.api.settings.get()).fencing.verifyRetries).toBeGreaterThan(0)

    const events: string[] = []
    lab.api.fencing.onEvent((event) => events.push(event.kind))
    lab.setOffline(true)
    await lab.core.api.fencing.run({ host: 'a2', action: 'status', dryRun: false, lab: 'demo' })
    expect(events).toEqual([])
    lab.setOffline(false)
    await lab.core.api.fencing.run({ host: 'a2', action: 'status', dryRun: false, lab: 'demo' })
    expect(events[0]).toBe('started')
    expect(events.at(-1)).toBe('finished')
  })
})
