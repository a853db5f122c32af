/** openapi.json as committed. */
export function renderOpenApiJson(document: unknown): string;
/** src/generated/openapi.ts as committed. */
export function renderOpenApiTypes(document: unknown): Promise<string>;
