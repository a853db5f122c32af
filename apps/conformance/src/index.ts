/**
 * scimkit-conformance: a conformance and IdP interoperability harness for any SCIM 2.0 endpoint.
 *
 * @example
 * import { allChecks, runConformance, renderJunit } from "@scimkit/conformance";
 * const report = await runConformance({ baseUrl: "http://127.0.0.1:3000/scim/v2", token: "secret", checks: allChecks });
 * console.log(report.ok, renderJunit(report));
 */
export {
  type Check,
  CheckFailure,
  type CheckLevel,
  type CheckOutcome,
  CheckSkipped,
  type CheckStatus,
  defineCheck,
  isRequired,
  pass,
  SECTIONS,
  type Section,
} from "./check.js";
export * from "./checks/index.js";
export { type CleanupSummary, type Feature, RunContext, type RunOptions } from "./context.js";
export {
  type HttpExchange,
  type HttpRequest,
  RequestBudgetExceeded,
  ScimHttp,
  type ScimHttpOptions,
} from "./http.js";
export { renderHtml } from "./report/html.js";
export { renderJson } from "./report/json.js";
export { renderJunit } from "./report/junit.js";
export { formatProgress, formatSummary, palette } from "./report/terminal.js";
export {
  type CheckResult,
  effectiveLevel,
  type Profile,
  type ProgressEvent,
  type RunConformanceOptions,
  type RunReport,
  runConformance,
  sectionsForProfile,
  selectChecks,
} from "./runner.js";
export {
  type Endpoint,
  type ListPage,
  type ListQuery,
  type PatchOperationBody,
  ScimApi,
} from "./scim-api.js";
