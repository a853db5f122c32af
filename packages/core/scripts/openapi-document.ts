import { createDefaultRegistry } from "../src/default-registry.js";
import { buildOpenApiDocument, type OpenApiDocument } from "../src/openapi/index.js";

/** The committed document: the default registry (User with the Enterprise extension, Group). */
export function defaultOpenApiDocument(): OpenApiDocument {
  return buildOpenApiDocument(createDefaultRegistry());
}
