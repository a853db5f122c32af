export * from "./config.js";
export * from "./context.js";
export * from "./etag.js";
export { SCIM_CONTENT_TYPE } from "./http/scim-response.js";
export * from "./patch/index.js";
export type { ScimRuntime } from "./runtime.js";
export * from "./server.js";
export * from "./store/memory.js";
export type * from "./store/store.js";
