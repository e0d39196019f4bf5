/** The plugin system: loader, registry, plugin API, metadata import and the sim world client. */
export { loadPlugins, SUPPORTED_API_VERSIONS, type LoadPluginsOptions } from './loader'
export {
  createPluginRegistry,
  type DemoProvider,
  type LoadedPlugin,
  type PluginRegistry,
  type PluginSource,
  type RegistryEntry,
} from './registry'
export {
  PROXY_FAILURE_CODES,
  type ActivateFunction,
  type ExecuteRequest,
  type HookAction,
  type PluginContext,
  type PluginHooks,
} from './pluginApi'
export {
  ADVANCED_PARAMETERS,
  DROPPED_PARAMETERS,
  importMetadata,
  manifestFromMetadata,
  type ImportOptions,
  type MetadataImport,
} from './importMetadata'
export { fetchAgentMetadata, importAgentMetadata, type FetchMetadataOptions } from './fetchMetadata'
export { checkDemo, checkFenceType, checkManifest } from './checks'
export { isSecretParameterName } from '../../common/secretParams'
export {
  SimWorld,
  demoFaults,
  demoFaultsOf,
  demoUnresolvedSecret,
  setDemoFaults,
  type SimCallRecord,
  type SimFaults,
  type SimPower,
  type SimSettings,
  type SimSnapshot,
} from './simWorld'
