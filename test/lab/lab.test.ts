import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { Client } from 'ssh2'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  type Lab,
  type LabProxy,
  LAB_AGENT_DIR,
  LAB_FLAVOURS,
  LAB_USER,
  labAddress,
  labUnavailable,
  startLab,
} from './lab'
import { isAlive, processId, processTree } from './processes'
import { describeWithParts } from '../support/requiredParts'

const exec = promisify(execFile)
const skip = labUnavailable()

const BLOCKS = { stock: 20, root: 24 } as const

/** ssh's arguments up to the command: `p`'s key and port, batch mode, `options` as `-o` each. */
function sshLogin(p: LabProxy, options: string[]): string[] {
  const o = ['BatchMode=yes', ...options].flatMap((option) => ['-o', option])
  return ['-i', p.identityFile, '-p', String(p.port), ...o, `${p.user}@${p.host}`]
}

for (const flavour of LAB_FLAVOURS) {
  const BLOCK = BLOCKS[flavour]

  describeWithParts(skip, `lab harness (${flavour} proxies)`, () => {
    let lab: Lab

    beforeAll(async () => {
      lab = await startLab({
        flavour,
        proxies: [{ name: 'p1', address: labAddress(BLOCK, 11), port: 2222 }],
        bmcs: [
          {
            name: 'b1',
            address: labAddress(BLOCK, 21),
            port: 6230,
            user: 'admin',
            password: 'lab-secret-1',
            power: 'on',
          },
        ],
      })
    })

    afterAll(async () => {
      await lab?.stop()
    })

    it('reports the host key fingerprint exactly as ssh-keygen -lf', async () => {
      const { stdout } = await exec('ssh-keygen', [
        '-lf',
        `${lab.dir}/proxies/p1/ssh_host_ed25519_key.pub`,
      ])
      expect(stdout.split(' ')[1]).toBe(lab.proxy('p1').hostKeyFingerprint)
      expect(lab.proxy('p1').hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    })

    it('lets the OpenSSH client log in; the PATH is the flavour’s, the fake agents are in place', async () => {
      const p = lab.proxy('p1')
      const knownHosts = `${lab.dir}/known_hosts`
      const pub = readFileSync(`${lab.dir}/proxies/p1/ssh_host_ed25519_key.pub`, 'utf8')
      await import('node:fs').then((fs) =>
        fs.writeFileSync(
          knownHosts,
          `[${p.host}]:${p.port} ${pub.split(' ').slice(0, 2).join(' ')}\n`,
        ),
      )
      const { stdout } = await exec('ssh', [
        ...sshLogin(p, [`UserKnownHostsFile=${knownHosts}`, 'StrictHostKeyChecking=yes']),
        'id -un; echo "$PATH"; command -v fence_ipmilan || echo not-on-path; ' +
          `ls ${LAB_AGENT_DIR}/fence_hang`,
      ])
      const [user, path, agent, fake] = stdout.split('\n')
      if (flavour === 'stock') {
        // What a stock Debian proxy gives an unprivileged login: no sbin folder at all.
        expect(user).toBe(LAB_USER)
        expect(path!.split(':')).not.toContain('/usr/sbin')
        expect(path!.split(':')).not.toContain(LAB_AGENT_DIR)
        expect(agent).toBe('not-on-path')
      } else {
        expect(user).toBe('root')
        expect(path!.split(':')).toContain('/usr/sbin')
        expect(agent).toBe('/usr/sbin/fence_ipmilan')
      }
      expect(fake).toBe(`${LAB_AGENT_DIR}/fence_hang`)
      // Only the proxies see them there.
      expect(existsSync(`${LAB_AGENT_DIR}/fence_hang`)).toBe(false)
    })

    it('runs sshd with stock settings: the 11th session on one connection is refused', async () => {
      const config = readFileSync(`${lab.dir}/proxies/p1/sshd_config`, 'utf8')
      expect(config).not.toMatch(
        /^\s*(SetEnv|AcceptEnv|MaxSessions|MaxStartups|PermitUserEnvironment)\b/im,
      )
      const p = lab.proxy('p1')
      const client = new Client()
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve).once('error', reject)
        client.connect({
          host: p.host,
          port: p.port,
          username: p.user,
          privateKey: readFileSync(p.identityFile),
        })
      })
      try {
        const opened = await Promise.all(
          Array.from(
            { length: 11 },
            () =>
              new Promise<boolean>((resolve) => {
                client.exec('sleep 2', (err, channel) => {
                  if (err) resolve(false)
                  else {
                    channel.on('close', () => undefined).resume()
                    resolve(true)
                  }
                })
              }),
          ),
        )
        expect(opened.filter(Boolean)).toHaveLength(10)
      } finally {
        client.end()
      }
    })

    it('simulates a BMC whose power ipmitool reads and changes', async () => {
      const b = lab.bmc('b1')
      expect(await b.power()).toBe('on')
      b.setPower('off')
      expect(await b.power()).toBe('off')
      expect(b.calls()).toContain('get power')
      b.clearCalls()
      expect(b.calls()).toEqual([])
    })

    it('injects BMC faults: error refuses a change, ignore accepts and changes nothing', async () => {
      const b = lab.bmc('b1')
      b.setPower('off')
      const env = { ...process.env, IPMI_PASSWORD: b.password }
      const ipmitool = [
        '-I',
        'lanplus',
        '-C',
        '3',
        '-H',
        b.host,
        '-p',
        String(b.port),
        '-U',
        b.user,
        '-E',
      ]
      b.setFault('error')
      await expect(
        exec('ipmitool', [...ipmitool, 'chassis', 'power', 'on'], { env }),
      ).rejects.toThrow()
      b.setFault('ignore')
      await exec('ipmitool', [...ipmitool, 'chassis', 'power', 'on'], { env })
      expect(await b.power()).toBe('off')
      b.setFault('none')
      await exec('ipmitool', [...ipmitool, 'chassis', 'power', 'on'], { env })
      expect(await b.power()).toBe('on')
      expect(b.calls().filter((c) => c.startsWith('set'))).toEqual([
        'set power 1',
        'set power 1',
        'set power 1',
      ])
    })

    it('stops and restarts a proxy, killing its sessions', async () => {
      const p = lab.proxy('p1')
      const pid = p.pid()
      expect(pid).toBeTypeOf('number')
      await p.stop()
      await p.stop()
      expect(p.pid()).toBeUndefined()
      await p.start()
      expect(p.pid()).not.toBe(pid)
      await p.kill()
      expect(p.pid()).toBeUndefined()
      await p.start()
    })

    it('leaves no process and no folder behind, orphaned agents included', async () => {
      const p = lab.proxy('p1')
      await exec('ssh', [
        ...sshLogin(p, [
          'UserKnownHostsFile=/dev/null',
          'StrictHostKeyChecking=no',
          'LogLevel=ERROR',
        ]),
        `nohup ${LAB_AGENT_DIR}/fence_hang < /dev/null > /dev/null 2>&1 &`,
      ])
      const pidFile = `${lab.runDir}/fence_hang.pid`
      for (
        let i = 0;
        i < 200 && !/\n$/.test(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : '');
        i++
      ) {
        await new Promise((r) => setTimeout(r, 10))
      }
      const orphan = processId(Number(readFileSync(pidFile, 'utf8')))
      expect(orphan).toBeDefined()

      const tree = processTree({ pid: lab.proxy('p1').pid()!, start: 0 }) // start 0 never matches
      expect(tree).toEqual([])
      const daemons = JSON.parse(readFileSync(`${lab.dir}/daemons.json`, 'utf8')) as {
        pid: number
        start: number
      }[]
      expect(daemons.length).toBeGreaterThanOrEqual(2)
      await lab.stop()
      await lab.stop()
      for (const d of daemons) expect(isAlive(d)).toBe(false)
      expect(isAlive(orphan!)).toBe(false)
      expect(existsSync(lab.dir)).toBe(false)
    })
  })
}
