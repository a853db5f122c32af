import { readFile } from "node:fs/promises";
import { describe, expect, expectTypeOf, it } from "vitest";
import { renderOpenApiTypes } from "../scripts/render-openapi.mjs";
import {
  buildOpenApiDocument,
  createDefaultRegistry,
  type OpenApiComponents,
  type OpenApiPaths,
  type User,
} from "../src/index.js";
import { ACME_USER_SCHEMA, createAcmeRegistry } from "./fixtures/acme-extension.js";

const packageFile = (path: string) => readFile(new URL(`../${path}`, import.meta.url), "utf8");

describe("buildOpenApiDocument", () => {
  const document = buildOpenApiDocument(createDefaultRegistry());

  it("is an OpenAPI 3.1 document with every RFC 7644 endpoint", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        "/.search",
        "/Bulk",
        "/Groups",
        "/Groups/.search",
        "/Groups/{id}",
        "/Me",
        "/ResourceTypes",
        "/ResourceTypes/{name}",
        "/Schemas",
        "/Schemas/{id}",
        "/ServiceProviderConfig",
        "/Users",
        "/Users/.search",
        "/Users/{id}",
      ].sort(),
    );
    expect(Object.keys(document.paths["/Users/{id}"]!)).toEqual([
      "parameters",
      "get",
      "put",
      "patch",
      "delete",
    ]);
  });

  it("RFC 7644 §3.1: bodies are application/scim+json", () => {
    const create = document.paths["/Users"]!.post as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(create.requestBody.content)).toContain("application/scim+json");
  });

  it("derives component schemas from the SCIM schemas (characteristics → JSON Schema)", () => {
    const user = document.components.schemas.User!;
    expect(user.required).toEqual(["schemas", "userName"]);
    expect(user.properties!.password).toMatchObject({ type: "string", writeOnly: true });
    expect(user.properties!.groups).toMatchObject({ type: "array", readOnly: true });
    expect(user.properties!.emails!.items!.properties!.type!.examples).toEqual(["work", "home", "other"]);
    expect(user.properties!["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toEqual({
      $ref: "#/components/schemas/EnterpriseUser",
    });
    expect(document.components.schemas.Meta!.properties!.created).toMatchObject({ format: "date-time" });
  });

  it("includes custom schemas registered at runtime", () => {
    const custom = buildOpenApiDocument(createAcmeRegistry());
    expect(custom.components.schemas.User!.properties![ACME_USER_SCHEMA]).toEqual({
      $ref: "#/components/schemas/AcmeUser",
    });
    expect(custom.components.schemas.AcmeUser!.properties!.badgeNumber).toMatchObject({ type: "integer" });
    expect(custom.components.schemas.AcmeUser!.properties!.hourlyRate).toMatchObject({ type: "number" });
  });
});

describe("committed generated files are up to date (run `npm run generate` in packages/core when this fails)", () => {
  const document = buildOpenApiDocument(createDefaultRegistry());

  it("openapi.json equals the document built from the schema definitions", async () => {
    expect(JSON.parse(await packageFile("openapi.json"))).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("src/generated/openapi.ts equals openapi-typescript's output for it", async () => {
    expect(await packageFile("src/generated/openapi.ts")).toBe(await renderOpenApiTypes(document));
  }, 60_000);

  it("the generated component types agree with the derived User type", () => {
    type GeneratedUser = OpenApiComponents["schemas"]["User"];
    expectTypeOf<GeneratedUser["userName"]>().toEqualTypeOf<User["userName"]>();
    expectTypeOf<OpenApiPaths["/Users/{id}"]["get"]["parameters"]["path"]["id"]>().toEqualTypeOf<string>();
  });
});
