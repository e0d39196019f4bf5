// The `sim` plugin: an in-process world of simulated BMCs for the demo lab. Plain ESM, no deps.
//
// Each device names a BMC by its `bmc` parameter; BMCs spring into being on first use, powered on.
// The world answers like a fence agent (DESIGN.md §5): status → exit 0 `Status: ON` / exit 2
// `Status: OFF`; on/off → exit 0; failures → exit 1 with a `Failed: …` line on stderr.
//
// Faults per BMC:
//   dead    never answers; the caller's timeout ends the call
//   fail    answers every call with exit 1 and a message
//   slow    answers after a delay (ms)
//   ignore  accepts on/off (exit 0) but the power state does not change
//   secret-missing  the device's password cannot be resolved: the core ends every attempt as
//           `secret-missing` before the device is called (simWorld.ts `demoUnresolvedSecret`)
// and per BMC and proxy:
//   cut-off the BMC cannot be reached from that proxy (its management network is cut there): the
//           call fails, after `unreachableMs`, like an agent that cannot log in
// and per proxy:
//   down    the proxy itself is down: the call rejects with an error whose `code` is
//           `proxy-unreachable` (the loader turns it into the runner's error of that code), as an
//           SSH connection to a dead machine would. Sim devices never touch SSH, so the sim plays
//           the proxies' part too.
//   auth-failed / host-key-mismatch / agent-missing  the proxy refuses the login, presents a
//           changed host key, or lacks the agent: the call rejects with an error of that `code`,
//           in the SSH runner's words (src-main/core/runners/sshRunner.ts)
//
// The demo drives the world through `hooks.control(command, args)`; the commands are typed in
// `SimCommands` below and wrapped by `src-main/core/plugins/simWorld.ts`. plugin.json's
// `contributes.demo` tells the app that this plugin is the demo's world: which device type lives
// in it (`sim`), which parameter names a BMC (`bmc`), and the demo lab's guided scenarios.

/**
 * @typedef {import('../../src-main/core/plugins/pluginApi').PluginContext} PluginContext
 * @typedef {import('../../src-main/core/plugins/pluginApi').PluginHooks} PluginHooks
 * @typedef {import('../../src-main/core/plugins/pluginApi').ExecuteRequest} ExecuteRequest
 * @typedef {import('../../src-main/core/plugins/pluginApi').AgentOutput} AgentOutput
 */

/**
 * @typedef {'on' | 'off'} Power
 * @typedef {'dead' | 'fail' | 'slow' | 'ignore' | 'secret-missing'} FaultName
 * @typedef {{ dead?: true, fail?: string, slow?: number, ignore?: true, 'secret-missing'?: true }} Faults
 * @typedef {'auth-failed' | 'host-key-mismatch' | 'agent-missing'} ProxyFault
 * @typedef {{ power: Power, faults: Faults, calls: number }} Bmc
 * @typedef {{ at: number, bmc: string, proxyId: string, action: string, result: number | 'no answer' | 'cancelled' | 'proxy down' | ProxyFault }} CallRecord
 * @typedef {{ unreachableMs: number, slowMs: number }} Settings
 * @typedef {{ bmcs: { bmc: string, power: Power, faults: Faults, calls: number }[], cutOff: { bmc: string, proxyId: string }[], proxiesDown: string[], proxyFaults: { proxyId: string, fault: ProxyFault }[], settings: Settings, log: CallRecord[] }} Snapshot
 */

/**
 * The control commands and their arguments. Every command returns the world's {@link Snapshot}.
 * @typedef {{
 *   reset: {},
 *   snapshot: {},
 *   configure: { unreachableMs?: number, slowMs?: number },
 *   'set-power': { bmc: string, power: Power },
 *   'set-fault': { bmc: string, fault: FaultName, value?: string | number | boolean },
 *   'clear-fault': { bmc: string, fault?: FaultName },
 *   'cut-off': { bmc: string, proxyId: string },
 *   reconnect: { bmc: string, proxyId?: string },
 *   'proxy-down': { proxyId: string },
 *   'proxy-up': { proxyId?: string },
 *   'proxy-fault': { proxyId: string, fault: ProxyFault, value?: boolean },
 *   'clear-proxy-faults': { proxyId?: string },
 * }} SimCommands
 */

const DEFAULT_FAIL = 'Unable to obtain correct plug status or plug is not available'
const DEFAULT_SETTINGS = { unreachableMs: 500, slowMs: 2500 }
const UNREACHABLE = 'Unable to connect/login to fencing device'
const LOG_LIMIT = 200
const FAULTS = ['dead', 'fail', 'slow', 'ignore', 'secret-missing']
/** Checked in the order an SSH login meets them: host key, then login, then the agent's probe. */
const PROXY_FAULTS = ['host-key-mismatch', 'auth-failed', 'agent-missing']
// The key the app knows for a demo proxy and the one it presents once its key "changed".
const KNOWN_KEY = 'SHA256:Dem0LabKnownHostKeyAAAAAAAAAAAAAAAAAAAAAAAA'
const CHANGED_KEY = 'SHA256:Dem0LabChangedHostKeyBBBBBBBBBBBBBBBBBBBBBB'
// agentLocator.ts AGENT_DIRS: where the runner looks for an agent the login's PATH lacks.
const AGENT_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin', '/usr/bin', '/bin', '/usr/local/bin']

/** @type {Map<string, Bmc>} */
const bmcs = new Map()
/** @type {Set<string>} `${bmc}|${proxyId}` */
const cutOff = new Set()
/** @type {Set<string>} */
const proxiesDown = new Set()
/** @type {Map<string, Set<ProxyFault>>} */
const proxyFaults = new Map()
/** @type {CallRecord[]} */
let log = []
/** @type {Settings} */
const settings = { ...DEFAULT_SETTINGS }

/** @param {string} id @returns {Bmc} */
function bmcOf(id) {
  let bmc = bmcs.get(id)
  if (!bmc) {
    bmc = { power: 'on', faults: {}, calls: 0 }
    bmcs.set(id, bmc)
  }
  return bmc
}

const cutKey = (/** @type {string} */ bmc, /** @type {string} */ proxyId) => `${bmc}|${proxyId}`

/** @param {number} code @param {string} stdout @param {string} [stderr] @returns {AgentOutput} */
const answer = (code, stdout, stderr = '') => ({ code, stdout, stderr })
const failed = (/** @type {string} */ message) => answer(1, '', `Failed: ${message}\n`)

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(/** @type {number} */ ms, /** @type {AbortSignal} */ signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(undefined)
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Never resolves; rejects with the signal's reason when the caller gives up. */
function noAnswer(/** @type {AbortSignal} */ signal) {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/**
 * Why a proxy fails before the agent runs, in the SSH runner's own words (sshRunner.ts:
 * `connectError`, `verifyHostKey`, the agent probe). A demo proxy has no SSH address, so
 * `<id> (demo lab)` stands where the runner names `<name> (user@host:port)`.
 * @param {ProxyFault} fault @param {string} proxyId @param {string} agent
 */
function proxyFailure(fault, proxyId, agent) {
  const where = `${proxyId} (demo lab)`
  const message =
    fault === 'auth-failed'
      ? `${where}: SSH login refused (All configured authentication methods failed)`
      : fault === 'host-key-mismatch'
        ? `${where}: host key CHANGED: known ${KNOWN_KEY}, presented ${CHANGED_KEY}. ` +
          'Possible man-in-the-middle; if the key was replaced on purpose, trust the new one ' +
          `with \`fencepost trust ${proxyId} --yes --replace\` or in Settings → Known hosts.`
        : `${where}: ${agent} not found — not on the login's PATH nor in ` +
          `${AGENT_DIRS.join(', ')}. Install the fence agents on this proxy (Debian: fence-agents).`
  return Object.assign(new Error(message), { code: fault })
}

/** @param {ExecuteRequest} request @returns {Promise<AgentOutput>} */
async function execute(request) {
  const { action, params, proxyId, signal } = request
  const id = typeof params.bmc === 'string' ? params.bmc.trim() : String(params.bmc ?? '').trim()
  if (!id) return failed('You have to set the simulated BMC (bmc)')
  if (!['on', 'off', 'status'].includes(action)) return failed(`Unsupported action "${action}"`)

  const bmc = bmcOf(id)
  /** @type {CallRecord} */
  const record = { at: Date.now(), bmc: id, proxyId: String(proxyId), action, result: 'no answer' }
  log.push(record)
  if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT)

  if (proxiesDown.has(String(proxyId))) {
    record.result = 'proxy down'
    throw Object.assign(new Error(`could not reach proxy ${proxyId} (down in the demo lab)`), {
      code: 'proxy-unreachable',
    })
  }
  const broken = PROXY_FAULTS.find((f) => proxyFaults.get(String(proxyId))?.has(f))
  if (broken) {
    const fault = /** @type {ProxyFault} */ (broken)
    record.result = fault
    throw proxyFailure(fault, String(proxyId), 'fence_sim')
  }
  bmc.calls += 1

  const unreachable = cutOff.has(cutKey(id, String(proxyId)))
  try {
    if (unreachable) await sleep(settings.unreachableMs, signal)
    else if (bmc.faults.dead) await noAnswer(signal)
    else if (bmc.faults.slow) await sleep(bmc.faults.slow, signal)
  } catch (reason) {
    if (unreachable || !bmc.faults.dead) record.result = 'cancelled'
    throw reason
  }

  /** @type {AgentOutput} */
  let output
  if (unreachable) {
    output = failed(UNREACHABLE)
  } else if (bmc.faults.fail !== undefined) {
    output = failed(bmc.faults.fail)
  } else if (action === 'status') {
    output = bmc.power === 'on' ? answer(0, 'Status: ON\n') : answer(2, 'Status: OFF\n')
  } else {
    const already = bmc.power === action
    if (!bmc.faults.ignore) bmc.power = action
    output = answer(0, `Success: ${already ? 'Already' : 'Powered'} ${action.toUpperCase()}\n`)
  }
  record.result = output.code
  return output
}

/** @returns {Snapshot} */
function snapshot() {
  return {
    bmcs: [...bmcs].map(([bmc, state]) => ({
      bmc,
      power: state.power,
      faults: { ...state.faults },
      calls: state.calls,
    })),
    cutOff: [...cutOff].map((key) => {
      const at = key.lastIndexOf('|')
      return { bmc: key.slice(0, at), proxyId: key.slice(at + 1) }
    }),
    proxiesDown: [...proxiesDown],
    proxyFaults: [...proxyFaults].flatMap(([proxyId, set]) =>
      [...set].map((fault) => ({ proxyId, fault })),
    ),
    settings: { ...settings },
    log: log.map((r) => ({ ...r })),
  }
}

/** @param {Record<string, unknown>} args @param {string} key */
function text(args, key) {
  const value = args[key]
  if (typeof value !== 'string' || value.trim() === '' || value.includes('|')) {
    throw new Error(`sim: "${key}" must be a non-empty id`)
  }
  return value.trim()
}

/**
 * Runs one fault-panel command (see {@link SimCommands}) and returns the world's snapshot.
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Snapshot}
 */
function control(command, args = {}) {
  switch (command) {
    case 'snapshot':
      break
    case 'reset':
      bmcs.clear()
      cutOff.clear()
      proxiesDown.clear()
      proxyFaults.clear()
      log = []
      Object.assign(settings, DEFAULT_SETTINGS)
      break
    case 'configure':
      for (const key of /** @type {(keyof Settings)[]} */ (['unreachableMs', 'slowMs'])) {
        const ms = args[key]
        if (ms === undefined) continue
        if (typeof ms !== 'number' || !(ms >= 0)) throw new Error(`sim: ${key} must be ≥ 0`)
        settings[key] = ms
      }
      break
    case 'set-power': {
      const power = args.power
      if (power !== 'on' && power !== 'off') throw new Error('sim: power must be "on" or "off"')
      bmcOf(text(args, 'bmc')).power = power
      break
    }
    case 'set-fault': {
      const bmc = bmcOf(text(args, 'bmc'))
      const { fault, value } = args
      if (fault === 'dead' || fault === 'ignore' || fault === 'secret-missing') {
        if (value === false) delete bmc.faults[fault]
        else bmc.faults[fault] = true
      } else if (fault === 'fail') {
        if (value !== undefined && value !== true && typeof value !== 'string') {
          throw new Error('sim: the fail fault takes a message')
        }
        bmc.faults.fail = typeof value === 'string' && value.trim() ? value.trim() : DEFAULT_FAIL
      } else if (fault === 'slow') {
        if (value !== undefined && (typeof value !== 'number' || !(value > 0))) {
          throw new Error('sim: the slow fault takes a delay in ms')
        }
        bmc.faults.slow = typeof value === 'number' ? value : settings.slowMs
      } else {
        throw new Error(`sim: fault must be one of ${FAULTS.join(', ')}`)
      }
      break
    }
    case 'clear-fault': {
      const bmc = bmcOf(text(args, 'bmc'))
      if (args.fault === undefined) bmc.faults = {}
      else if (typeof args.fault === 'string' && FAULTS.includes(args.fault)) {
        delete bmc.faults[/** @type {FaultName} */ (args.fault)]
      } else throw new Error(`sim: fault must be one of ${FAULTS.join(', ')}`)
      break
    }
    case 'cut-off':
      cutOff.add(cutKey(text(args, 'bmc'), text(args, 'proxyId')))
      break
    case 'reconnect': {
      const bmc = text(args, 'bmc')
      if (args.proxyId === undefined) {
        for (const key of [...cutOff]) if (key.startsWith(`${bmc}|`)) cutOff.delete(key)
      } else cutOff.delete(cutKey(bmc, text(args, 'proxyId')))
      break
    }
    case 'proxy-down':
      proxiesDown.add(text(args, 'proxyId'))
      break
    case 'proxy-up':
      if (args.proxyId === undefined) proxiesDown.clear()
      else proxiesDown.delete(text(args, 'proxyId'))
      break
    case 'proxy-fault': {
      const proxyId = text(args, 'proxyId')
      const fault = /** @type {ProxyFault} */ (args.fault)
      if (!PROXY_FAULTS.includes(fault)) {
        throw new Error(`sim: proxy fault must be one of ${PROXY_FAULTS.join(', ')}`)
      }
      const set = proxyFaults.get(proxyId) ?? new Set()
      if (args.value === false) set.delete(fault)
      else set.add(fault)
      if (set.size > 0) proxyFaults.set(proxyId, set)
      else proxyFaults.delete(proxyId)
      break
    }
    case 'clear-proxy-faults':
      if (args.proxyId === undefined) proxyFaults.clear()
      else proxyFaults.delete(text(args, 'proxyId'))
      break
    default:
      throw new Error(`sim: unknown command "${command}"`)
  }
  return snapshot()
}

/**
 * Activates the sim. The world is module state: one per process, shared by every activation.
 * @param {PluginContext} context
 * @returns {PluginHooks}
 */
export default function activate(context) {
  context.log('simulated BMC world ready')
  return { execute, control }
}
