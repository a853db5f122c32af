export * from "./context.js";
export type * from "./store/store.js";
