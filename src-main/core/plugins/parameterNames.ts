/** Naming rules for fence agent parameters that the importer and the registry share. */

// The rule lives in common, so the renderer's change summaries judge secrets the same way.
export { isSecretParameterName } from '../../common/secretParams'
