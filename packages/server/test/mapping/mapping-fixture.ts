import { ENTERPRISE_USER_SCHEMA } from "@scimkit/core";
import type { TableMapping } from "../../src/mapping/index.js";

/** A mapping that holds everything the store contract writes: nothing is kept outside columns. */
export const CONTRACT_MAPPING: TableMapping = {
  table: "app_users",
  columns: {
    user_name: "userName",
    display_name: "displayName",
    title: "title",
    active: "active",
    external_id: "externalId",
    given_name: "name.givenName",
    family_name: "name.familyName",
    emails: "emails",
    department: `${ENTERPRISE_USER_SCHEMA}:department`,
    employee_number: `${ENTERPRISE_USER_SCHEMA}:employeeNumber`,
  },
};
