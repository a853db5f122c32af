export { buildOpenApiDocument, type OpenApiDocument, type OpenApiOptions } from "./document.js";
export type { JsonSchema } from "./json-schema.js";
