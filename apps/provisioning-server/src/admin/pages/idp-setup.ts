import { html, type SafeHtml } from "./html.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** The usual source attribute in Entra ID and in Okta for a SCIM attribute path. */
const SOURCES: Readonly<Record<string, { readonly entra: string; readonly okta: string }>> = {
  userName: { entra: "userPrincipalName", okta: "userName" },
  active: { entra: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', okta: "(set by Okta)" },
  externalId: { entra: "objectId", okta: "(set by Okta: the Okta user id)" },
  displayName: { entra: "displayName", okta: "displayName" },
  'emails[type eq "work"].value': { entra: "mail", okta: "email" },
  "name.givenName": { entra: "givenName", okta: "firstName" },
  "name.familyName": { entra: "surname", okta: "lastName" },
  title: { entra: "jobTitle", okta: "title" },
  'phoneNumbers[type eq "mobile"].value': { entra: "mobile", okta: "mobilePhone" },
  [`${ENTERPRISE}:department`]: { entra: "department", okta: "department" },
  [`${ENTERPRISE}:employeeNumber`]: { entra: "employeeId", okta: "employeeNumber" },
  [`${ENTERPRISE}:costCenter`]: { entra: "(an extension attribute)", okta: "costCenter" },
  [`${ENTERPRISE}:organization`]: { entra: "companyName", okta: "organization" },
};

/** One row of the attribute mapping table: the SCIM attribute, what the app uses it for, the IdP sources. */
interface MappingRow {
  readonly scim: string;
  readonly usedFor: string;
  readonly entra: string;
  readonly okta: string;
}

/** The attributes the app reads: the matching ones, then each configured column. */
function mappingRows(columns: Readonly<Record<string, string>>): MappingRow[] {
  const row = (scim: string, usedFor: string): MappingRow => ({
    scim,
    usedFor,
    entra: SOURCES[scim]?.entra ?? "(choose the source attribute)",
    okta: SOURCES[scim]?.okta ?? "(choose the source attribute)",
  });
  return [
    row("userName", "matching (unique)"),
    row("active", "deactivation revokes roles and sessions"),
    row("externalId", "the IdP's id of the user"),
    ...Object.entries(columns).map(([column, path]) => row(path, `column ${column}`)),
  ];
}

/** The attribute mapping table for one IdP. */
function mappingTable(columns: Readonly<Record<string, string>>, idp: "entra" | "okta"): SafeHtml {
  return html`<table class="mapping">
<thead><tr><th>${idp === "entra" ? "Entra ID source attribute" : "Okta attribute"}</th><th>SCIM target attribute</th><th>Used for</th></tr></thead>
<tbody>${mappingRows(columns).map(
    (row) =>
      html`<tr><td><code>${row[idp]}</code></td><td><code>${row.scim}</code></td><td>${row.usedFor}</td></tr>`,
  )}</tbody>
</table>`;
}

/** What the connection page needs to write the IdP settings. */
export interface IdpSetupInput {
  /** The SCIM base URL the IdP calls (Entra's "Tenant URL", Okta's "SCIM connector base URL"). */
  readonly endpointUrl: string;
  /** `accounts.columns` of the app configuration: column → SCIM attribute path. */
  readonly columns: Readonly<Record<string, string>>;
}

/** Step-by-step settings for Microsoft Entra ID. */
export function entraSteps(input: IdpSetupInput): SafeHtml {
  return html`<section id="entra">
<h2>Connect Microsoft Entra ID</h2>
<ol class="steps">
  <li>In the Entra admin center open <b>Enterprise applications → New application → Create your own application</b>, choose <i>Integrate any other application you don't find in the gallery (Non-gallery)</i> and create it.</li>
  <li>In the new application open <b>Provisioning → Get started</b> (or <b>New configuration</b>) and set <b>Provisioning Mode</b> to <b>Automatic</b>.</li>
  <li>Under <b>Admin Credentials</b> set <b>Tenant URL</b> to <code>${input.endpointUrl}</code>.</li>
  <li>Create a token under <a href="#tokens">Tokens</a> on this page and paste it into <b>Secret Token</b>. It is shown only once.</li>
  <li>Click <b>Test Connection</b>. Entra sends a few requests. When the test passes, this page shows the time of the last request under <a href="#status">Connection status</a>. If it fails, the last error is shown there too.</li>
  <li>Click <b>Save</b>. Under <b>Mappings → Provision Microsoft Entra ID Users</b>, keep the mappings below and delete the ones the app does not use:
  ${mappingTable(input.columns, "entra")}</li>
  <li>Under <b>Mappings → Provision Microsoft Entra ID Groups</b>, map <code>displayName → displayName</code>, <code>objectId → externalId</code> and <code>members → members</code>. Roles are mapped from a group's <code>displayName</code> or <code>externalId</code>. Map by <code>externalId</code> (the group's object id) so that renaming the group keeps its roles.</li>
  <li>Under <b>Settings</b>, set <b>Scope</b> to <i>Sync only assigned users and groups</i>, and assign them under <b>Users and groups</b>.</li>
  <li>Set <b>Provisioning Status</b> to <b>On</b> and click <b>Save</b>. The first cycle starts within a few minutes. Later cycles run about every 40 minutes. Use <b>Provision on demand</b> to push a single user right away.</li>
</ol>
</section>`;
}

/** Step-by-step settings for Okta. */
export function oktaSteps(input: IdpSetupInput): SafeHtml {
  return html`<section id="okta">
<h2>Connect Okta</h2>
<ol class="steps">
  <li>In the Okta Admin Console open <b>Applications → Create App Integration</b>, choose <b>SAML 2.0</b> (or your sign-in method), and finish the wizard. On the app's <b>General</b> tab, under <b>App Settings</b>, set <b>Provisioning</b> to <b>SCIM</b>.</li>
  <li>On the <b>Provisioning → Integration</b> tab click <b>Edit</b> and set <b>SCIM connector base URL</b> to <code>${input.endpointUrl}</code>.</li>
  <li>Set <b>Unique identifier field for users</b> to <code>userName</code>. Tick <b>Push New Users</b>, <b>Push Profile Updates</b> and <b>Push Groups</b>.</li>
  <li>Set <b>Authentication Mode</b> to <b>HTTP Header</b>. Create a token under <a href="#tokens">Tokens</a> and paste it into <b>Authorization</b> (Bearer). It is shown only once.</li>
  <li>Click <b>Test Connector Configuration</b>. This page then shows the time of the last request, or the last error, under <a href="#status">Connection status</a>. Then click <b>Save</b>.</li>
  <li>On <b>Provisioning → To App</b>, enable <b>Create Users</b>, <b>Update User Attributes</b> and <b>Deactivate Users</b>. Okta deactivates users and never deletes them. Check the attribute mappings:
  ${mappingTable(input.columns, "okta")}</li>
  <li>Assign people and groups on <b>Assignments</b>. Push the groups that grant roles on <b>Push Groups</b>. Okta pushes a group by its name, so map these groups by <code>displayName</code> in <code>roles.byGroup</code>.</li>
</ol>
</section>`;
}
