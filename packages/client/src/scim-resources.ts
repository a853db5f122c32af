// Placeholder resource types until @scimkit/core exports User/Group/EnterpriseUser.
import type { ENTERPRISE_USER_SCHEMA } from "@scimkit/core";

export interface Meta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
}

export interface MultiValued {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export interface User {
  schemas: string[];
  id?: string;
  externalId?: string;
  meta?: Meta;
  userName: string;
  name?: { formatted?: string; familyName?: string; givenName?: string };
  displayName?: string;
  active?: boolean;
  emails?: MultiValued[];
  groups?: Array<{ value: string; display?: string; type?: string; $ref?: string }>;
  [ENTERPRISE_USER_SCHEMA]?: EnterpriseUserExtension;
}

export interface EnterpriseUserExtension {
  employeeNumber?: string;
  department?: string;
  manager?: { value?: string; displayName?: string };
}

export interface Group {
  schemas: string[];
  id?: string;
  externalId?: string;
  meta?: Meta;
  displayName: string;
  members?: Array<{ value: string; display?: string; type?: string; $ref?: string }>;
}
