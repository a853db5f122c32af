export * from "./attribute-path.js";
export * from "./errors.js";
export * from "./registry.js";
export type * from "./schemas/definition.js";
