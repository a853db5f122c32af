import { createContext, runInContext } from "node:vm";

/**
 * The globals a browser or a Workers-style runtime offers (WinterTC minimum common API), taken
 * from Node's own implementations. Node-only globals (`Buffer`, `process`, `require`, `global`,
 * `setImmediate`) are deliberately absent: code that touches them fails with a ReferenceError.
 */
const WEB_GLOBALS = [
  "AbortController",
  "AbortSignal",
  "Blob",
  "ByteLengthQueuingStrategy",
  "CountQueuingStrategy",
  "DOMException",
  "Event",
  "EventTarget",
  "FormData",
  "Headers",
  "ReadableStream",
  "Request",
  "Response",
  "TextDecoder",
  "TextDecoderStream",
  "TextEncoder",
  "TextEncoderStream",
  "TransformStream",
  "URL",
  "URLSearchParams",
  "WritableStream",
  "atob",
  "btoa",
  "clearInterval",
  "clearTimeout",
  "console",
  "crypto",
  "performance",
  "queueMicrotask",
  "setInterval",
  "setTimeout",
  "structuredClone",
];

/**
 * Runs bundled scripts in a fresh context holding only web globals plus `extra`, and returns the
 * context's global object so the caller can reach what the scripts put there.
 */
export function runWithWebGlobalsOnly(scripts, extra = {}) {
  const sandbox = Object.fromEntries(WEB_GLOBALS.map((name) => [name, globalThis[name]]));
  Object.assign(sandbox, extra);
  const context = createContext(sandbox, { name: "web-globals-only" });
  for (const script of [
    "if (typeof Buffer !== 'undefined' || typeof process !== 'undefined') throw new Error('Node globals leaked');",
    ...scripts,
  ]) {
    runInContext(script, context);
  }
  return context;
}
