/** Documents and device-type catalogs shared by the validation tests. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { ParameterSpec } from '../../../../src-main/common/plugins'
import type { ValidationIssue } from '../../../../src-main/common/validation'
import {
  validateDocument,
  type ValidateOptions,
} from '../../../../src-main/core/validation/validateDocument'

/** A loosely typed document, so a test can break any part of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseDocument = Record<string, any>

/** A small valid document: engine, 2 data centers, 3 clusters, 4 hosts, 1 standalone proxy. */
export function validDocument(): LooseDocument {
  const device = (id: string, ip: string, order = 1) => ({
    id,
    type: 'ipmilan',
    order,
    params: { ip, username: 'admin', password: { env: 'BMC_PASSWORD' }, lanplus: true },
  })
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['cluster', 'dc'] },
    dataCenters: [
      { id: 'dc1', name: 'Default', proxyPreferences: ['cluster', 'dc'] },
      { id: 'dc2', name: 'Remote' },
    ],
    clusters: [
      { id: 'ca', name: 'cluster-a', dataCenter: 'dc1' },
      { id: 'cb', name: 'cluster-b', dataCenter: 'dc1', proxyPreferences: ['cluster'] },
      { id: 'cc', name: 'cluster-c', dataCenter: 'dc2' },
    ],
    hosts: [
      {
        id: 'h1',
        name: 'h1',
        address: 'h1.lab.example',
        cluster: 'ca',
        status: 'up',
        canProxy: true,
        ssh: { port: 22, user: 'root' },
        powerManagement: {
          enabled: true,
          proxyPreferences: ['cluster', 'engine'],
          devices: [
            { ...device('psu1', '10.1.0.11'), proxyPreferences: ['cluster', 'dc'] },
            device('psu2', '10.1.0.12'),
            {
              id: 'pdu',
              type: 'apc',
              order: 2,
              params: { ip: '10.1.0.200', username: 'apc', password: 'secret', plug: '3' },
              proxyPreferences: ['jump1.lab.example', '192.0.2.2'],
            },
          ],
        },
      },
      {
        // An id that is not the name: references use ids, preference entries names.
        id: 'h2',
        name: 'node-2',
        address: '192.0.2.2',
        cluster: 'ca',
        status: 'up',
        canProxy: true,
        powerManagement: { enabled: true, devices: [device('bmc', '10.1.0.21')] },
      },
      {
        id: 'h3',
        name: 'h3',
        address: 'h3.lab.example',
        cluster: 'cb',
        status: 'maintenance',
        canProxy: true,
        ssh: { host: 'h3-mgmt.lab.example' },
      },
      {
        id: 'h4',
        name: 'node-4',
        address: 'h4.lab.example',
        cluster: 'cc',
        status: 'up',
        canProxy: false,
        powerManagement: { enabled: false, devices: [] },
      },
    ],
    proxies: [
      {
        id: 'p1',
        name: 'jump1',
        address: 'jump1.lab.example',
        cluster: 'ca',
        ssh: { port: 22, user: 'fence' },
      },
    ],
  }
}

/** `resources/sample-lab.json`, freshly read. */
export function sampleLab(): LooseDocument {
  const file = fileURLToPath(new URL('../../../../resources/sample-lab.json', import.meta.url))
  return JSON.parse(readFileSync(file, 'utf8')) as LooseDocument
}

/** The ipmilan and apc parameters as their manifests declare them (DESIGN.md §6). */
export const PARAMETERS: Record<string, ParameterSpec[]> = {
  ipmilan: [
    { name: 'ip', label: 'Address', type: 'host', required: true },
    { name: 'ipport', label: 'UDP port', type: 'integer', default: 623 },
    { name: 'username', label: 'User', type: 'string', required: true, aliases: ['login'] },
    { name: 'password', label: 'Password', type: 'string', secret: true },
    { name: 'lanplus', label: 'IPMI v2 (lanplus)', type: 'boolean', default: true },
    {
      name: 'privlvl',
      label: 'Privilege',
      type: 'choice',
      choices: ['user', 'operator', 'administrator'],
    },
    { name: 'power_wait', label: 'Wait after on/off', type: 'number' },
  ],
  apc: [
    { name: 'ip', label: 'Address', type: 'host', required: true },
    { name: 'username', label: 'User', type: 'string', required: true },
    { name: 'password', label: 'Password', type: 'string', secret: true },
    { name: 'plug', label: 'Outlet', type: 'string', required: true },
  ],
}

/** Options that know the parameters of ipmilan and apc (and of no other type). */
export const WITH_PARAMETERS: ValidateOptions = {
  parametersOf: (type) => PARAMETERS[type],
}

/** Validates a document expected to be invalid and returns its issues. */
export function issuesOf(input: unknown, options?: ValidateOptions): ValidationIssue[] {
  const result = validateDocument(input, options)
  expect(result.ok, 'the document should be rejected').toBe(false)
  return result.ok ? [] : result.issues
}

/** The warnings of a document that must stay valid (a name that matches no machine, …). */
export function warningsOf(input: unknown, options?: ValidateOptions): ValidationIssue[] {
  const result = validateDocument(input, options)
  if (!result.ok) expect.fail(`unexpected issues:\n${JSON.stringify(result.issues, null, 2)}`)
  return result.warnings
}

/** The issues at one path. */
export function issuesAt(issues: ValidationIssue[], path: string): ValidationIssue[] {
  return issues.filter((issue) => issue.path === path)
}

/** Asserts `input` is valid and returns the canonical document. */
export function expectValid(input: unknown, options?: ValidateOptions) {
  const result = validateDocument(input, options)
  if (!result.ok) expect.fail(`unexpected issues:\n${JSON.stringify(result.issues, null, 2)}`)
  return result.document
}
