/**
 * The client's paths and bodies against the OpenAPI document of @scimkit/core (openapi-typescript
 * types `OpenApiPaths`). Checked by tsc through vitest's typecheck mode.
 */
import type { Group, User } from "@scimkit/core";
import { describe, expectTypeOf, it } from "vitest";
import { type ApiMethod, type ApiRequestBody, type ApiResponseBody, apiPath } from "../src/api-contract.js";
import type { BulkRequestBody, ServiceProviderConfigBody } from "../src/index.js";
import { toPatchRequest } from "../src/patch-builder.js";
import { toSearchRequest } from "../src/query.js";

describe("paths", () => {
  it("only paths of the document compile, with their parameters", () => {
    expectTypeOf(apiPath("/Users")).toEqualTypeOf<string>();
    apiPath("/ResourceTypes/{name}", { name: "User" });
    // @ts-expect-error not an endpoint of the document
    apiPath("/Userz");
    // @ts-expect-error the template needs its {name} parameter
    apiPath("/ResourceTypes/{name}");
  });

  it("methods are those the document defines", () => {
    expectTypeOf<ApiMethod<"/Users">>().toEqualTypeOf<"get" | "post">();
    expectTypeOf<ApiMethod<"/Users/{id}">>().toEqualTypeOf<"get" | "put" | "patch" | "delete">();
    expectTypeOf<ApiMethod<"/Bulk">>().toEqualTypeOf<"post">();
  });
});

describe("bodies", () => {
  it("the PATCH body the builder sends is the document's PatchOp", () => {
    expectTypeOf(toPatchRequest).returns.toEqualTypeOf<ApiRequestBody<"/Users/{id}", "patch">>();
    expectTypeOf<ApiRequestBody<"/Groups/{id}", "patch">>().toEqualTypeOf<
      ApiRequestBody<"/Users/{id}", "patch">
    >();
  });

  it("the search body is the document's SearchRequest", () => {
    expectTypeOf(toSearchRequest).returns.toEqualTypeOf<ApiRequestBody<"/Users/.search", "post">>();
  });

  it("the bulk body is the document's BulkRequest", () => {
    expectTypeOf<BulkRequestBody>().toEqualTypeOf<ApiRequestBody<"/Bulk", "post">>();
  });

  it("core's User and Group types are accepted by the document's create and replace bodies", () => {
    expectTypeOf<User>().toExtend<ApiRequestBody<"/Users", "post">>();
    expectTypeOf<User>().toExtend<ApiRequestBody<"/Users/{id}", "put">>();
    expectTypeOf<Group>().toExtend<ApiRequestBody<"/Groups", "post">>();
  });

  it("the ServiceProviderConfig the client returns is the document's, plus RFC 9865 pagination", () => {
    expectTypeOf<ServiceProviderConfigBody>().toExtend<
      ApiResponseBody<"/ServiceProviderConfig", "get", 200>
    >();
    expectTypeOf<ServiceProviderConfigBody["pagination"]>().toExtend<{ cursor?: boolean } | undefined>();
  });
});
