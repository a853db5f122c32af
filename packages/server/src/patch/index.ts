export {
  DEFAULT_INTEROP_PROFILES,
  INTEROP_PROFILES,
  INTEROP_RULES,
  type InteropOption,
  type InteropProfile,
  type InteropRule,
  type InteropRuleInfo,
  resolveInteropRules,
} from "../interop-rules.js";
export { type ApplyPatchOptions, applyPatch, type PatchResult } from "./apply.js";
export { ENTRA_LEGACY_GROUP_SCHEMA, mergeOktaPut, normalizeInteropBody } from "./interop-body.js";
export { type CheckedOperation, type PatchOpName, readPatchOperations } from "./operation.js";
