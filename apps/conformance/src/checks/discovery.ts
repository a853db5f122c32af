import { type Check, CheckSkipped, defineCheck } from "../check.js";
import {
  describeExchange,
  expect,
  expectJsonObject,
  expectScimContentType,
  expectStatus,
} from "../expect.js";
import { findResourceType as findByEndpointOrName, resourceTypes } from "../scim/discovery.js";
import { getArray, getAttribute, isJsonObject } from "../scim/json.js";
import {
  GROUP_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  USER_SCHEMA,
} from "../scim/urns.js";
import { parseListResponse } from "../scim-api.js";

const FEATURES = ["patch", "bulk", "filter", "changePassword", "sort", "etag"] as const;

/** Discovery: RFC 7644 §4 and RFC 7643 §5–§7. */
export const discoveryChecks: Check[] = [
  defineCheck({
    id: "discovery.service-provider-config",
    section: "discovery",
    level: "MUST",
    title: "GET /ServiceProviderConfig returns the configuration with every feature flag",
    citation: "RFC 7644 §4; RFC 7643 §5",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: "/ServiceProviderConfig" });
      expectStatus(exchange, 200);
      expectScimContentType(exchange);
      const config = expectJsonObject(exchange);
      const schemas = getAttribute(config, "schemas");
      expect(
        Array.isArray(schemas) && schemas.includes(SERVICE_PROVIDER_CONFIG_SCHEMA),
        `schemas must contain ${SERVICE_PROVIDER_CONFIG_SCHEMA}`,
      );
      for (const feature of FEATURES) {
        const supported = getAttribute(getAttribute(config, feature), "supported");
        expect(
          typeof supported === "boolean",
          `${feature}.supported must be a boolean, got ${JSON.stringify(supported)}`,
        );
      }
      expect(
        Array.isArray(getAttribute(config, "authenticationSchemes")),
        "authenticationSchemes must be an array",
      );
      const bulk = getAttribute(config, "bulk");
      if (getAttribute(bulk, "supported") === true) {
        expect(
          typeof getAttribute(bulk, "maxOperations") === "number",
          "bulk.maxOperations must be a number",
        );
        expect(
          typeof getAttribute(bulk, "maxPayloadSize") === "number",
          "bulk.maxPayloadSize must be a number",
        );
      }
      const filter = getAttribute(config, "filter");
      if (getAttribute(filter, "supported") === true) {
        expect(typeof getAttribute(filter, "maxResults") === "number", "filter.maxResults must be a number");
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.resource-types",
    section: "discovery",
    level: "MUST",
    title: "GET /ResourceTypes lists User and Group with their endpoints and schemas",
    citation: "RFC 7644 §4; RFC 7643 §6",
    async run(ctx) {
      const types = await resourceTypes(ctx);
      const user = findByEndpointOrName(types, "User");
      expect(user !== undefined, "no ResourceType named User");
      expect(
        getAttribute(user, "endpoint") === "/Users",
        `User endpoint must be "/Users", got ${JSON.stringify(getAttribute(user, "endpoint"))}`,
      );
      expect(getAttribute(user, "schema") === USER_SCHEMA, `User schema must be ${USER_SCHEMA}`);
      const schemas = getAttribute(user, "schemas");
      expect(
        Array.isArray(schemas) && schemas.includes(RESOURCE_TYPE_SCHEMA),
        `ResourceType schemas must contain ${RESOURCE_TYPE_SCHEMA}`,
      );
      const group = findByEndpointOrName(types, "Group");
      expect(group !== undefined, "no ResourceType named Group");
      expect(getAttribute(group, "endpoint") === "/Groups", `Group endpoint must be "/Groups"`);
      expect(getAttribute(group, "schema") === GROUP_SCHEMA, `Group schema must be ${GROUP_SCHEMA}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.resource-types-list-response",
    section: "discovery",
    level: "SHOULD",
    title: "GET /ResourceTypes answers with a ListResponse (not a bare array)",
    citation: "RFC 7644 §4 (example response); Entra ID use-scim doc: discovery in ListResponse form",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: "/ResourceTypes" });
      parseListResponse(exchange);
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.resource-type-by-id",
    section: "discovery",
    level: "SHOULD",
    title: "GET /ResourceTypes/User returns the single resource type",
    citation: "RFC 7644 §4",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: "/ResourceTypes/User" });
      expectStatus(exchange, 200);
      const body = expectJsonObject(exchange);
      expect(
        getAttribute(body, "endpoint") === "/Users",
        `expected the User resource type, got ${describeExchange(exchange)}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.schemas",
    section: "discovery",
    level: "MUST",
    title: "GET /Schemas lists the User and Group schemas with their attributes",
    citation: "RFC 7644 §4; RFC 7643 §7",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: "/Schemas" });
      expectStatus(exchange, 200);
      const list = Array.isArray(exchange.json)
        ? exchange.json.filter(isJsonObject)
        : parseListResponse(exchange).resources;
      for (const urn of [USER_SCHEMA, GROUP_SCHEMA]) {
        const schema = list.find((candidate) => getAttribute(candidate, "id") === urn);
        expect(schema !== undefined, `/Schemas does not list ${urn}`);
        const attributes = getArray(schema, "attributes").filter(isJsonObject);
        expect(attributes.length > 0, `${urn} lists no attributes`);
        for (const attribute of attributes) {
          for (const field of ["name", "type", "multiValued", "mutability", "returned"]) {
            expect(
              getAttribute(attribute, field) !== undefined,
              `${urn} attribute ${JSON.stringify(getAttribute(attribute, "name"))} lacks "${field}"`,
            );
          }
        }
      }
      const user = list.find((candidate) => getAttribute(candidate, "id") === USER_SCHEMA);
      const userName = getArray(user, "attributes")
        .filter(isJsonObject)
        .find((attribute) => getAttribute(attribute, "name") === "userName");
      expect(userName !== undefined, "User schema lacks userName");
      expect(
        getAttribute(userName, "uniqueness") === "server",
        'userName must have uniqueness "server" (RFC 7643 §4.1.1)',
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.schema-by-id",
    section: "discovery",
    level: "SHOULD",
    title: "GET /Schemas/<User URN> returns that schema",
    citation: "RFC 7644 §4",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: `/Schemas/${USER_SCHEMA}` });
      expectStatus(exchange, 200);
      const body = expectJsonObject(exchange);
      expect(
        getAttribute(body, "id") === USER_SCHEMA,
        `expected the User schema, got ${describeExchange(exchange)}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.enterprise-extension",
    section: "discovery",
    level: "SHOULD",
    title: "The User resource type declares the enterprise extension (IdPs map attributes to it)",
    citation: "RFC 7643 §4.3, §6 (schemaExtensions)",
    async run(ctx) {
      const user = findByEndpointOrName(await resourceTypes(ctx), "User");
      const extensions = getArray(user, "schemaExtensions").filter(isJsonObject);
      if (extensions.length === 0) throw new CheckSkipped("User declares no schemaExtensions");
      expect(
        extensions.some(
          (extension) =>
            getAttribute(extension, "schema") ===
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ),
        "User schemaExtensions do not include the enterprise extension",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "discovery.scim-content-type",
    section: "discovery",
    level: "MUST",
    title: "Responses carry Content-Type application/scim+json",
    citation: "RFC 7644 §3.1, §8.1",
    async run(ctx) {
      for (const path of ["/ResourceTypes", "/Schemas", "/Users?count=1"]) {
        const exchange = await ctx.http.send({ method: "GET", path });
        expectStatus(exchange, 200);
        expectScimContentType(exchange);
      }
      return undefined;
    },
  }),
];
