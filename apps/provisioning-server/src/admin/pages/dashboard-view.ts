import type { RoleConfig } from "@scimkit/server/roles";
import type { Account } from "../../accounts/accounts.js";
import type { ConnectionStatus } from "../../connections/connection-status.js";
import { html, type SafeHtml } from "./html.js";
import { layout, type PageFrame } from "./layout.js";

/** One row of the tenant list. */
export interface TenantSummary {
  readonly tenant: string;
  readonly connection: ConnectionStatus;
  /** Tokens that are neither revoked nor expired. */
  readonly activeTokens: number;
}

/** A group as the page shows it. */
export interface GroupView {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  /** Each member's userName where it is a known User, else its id. */
  readonly members: readonly string[];
  /** Roles this group grants through `roles.byGroup`. */
  readonly roles: readonly string[];
}

/** One line of recent provisioning activity (an audit event). */
export interface ActivityView {
  readonly time: string;
  readonly action: string;
  readonly resourceType: string;
  /** userName or displayName where known, else the id. */
  readonly resource: string;
  readonly changedPaths: readonly string[];
  readonly requestId: string | null;
  readonly actor: string | null;
}

/** Everything `/admin` shows. */
export interface DashboardView {
  readonly tenants: readonly TenantSummary[];
  /** The tenant whose users, groups and activity are shown. */
  readonly tenant: string;
  /** The userName search, `""` for none. */
  readonly search: string;
  readonly columns: readonly string[];
  readonly accounts: readonly Account[];
  readonly groups: readonly GroupView[];
  readonly roleConfig: RoleConfig;
  readonly activity: readonly ActivityView[];
}

const tenantLink = (tenant: string) => `/admin/tenants/${encodeURIComponent(tenant)}`;

/** `<time>` with the ISO instant as text (UTC, unambiguous for people in any time zone). */
export function timeOf(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">never</span>`;
  return html`<time datetime="${iso}">${iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}</time>`;
}

/** A column value as one line of text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const pills = (values: readonly string[]) =>
  values.length === 0
    ? html`<span class="muted">none</span>`
    : values.map((value) => html`<span class="pill">${value}</span>`);

function tenantsSection(view: DashboardView): SafeHtml {
  return html`<section id="tenants">
<h2>Tenants</h2>
<table>
<thead><tr><th>Tenant</th><th>Last IdP request</th><th>Last error</th><th>Active tokens</th><th></th></tr></thead>
<tbody>${view.tenants.map(
    (summary) => html`<tr>
<td><a href="/admin?tenant=${encodeURIComponent(summary.tenant)}">${summary.tenant}</a></td>
<td>${timeOf(summary.connection.lastRequestAt)}</td>
<td>${summary.connection.lastError ? html`<span class="error">${summary.connection.lastError.status} ${summary.connection.lastError.scimType ?? ""}</span>` : html`<span class="muted">none</span>`}</td>
<td>${summary.activeTokens}</td>
<td><a href="${tenantLink(summary.tenant)}">Connection page</a></td>
</tr>`,
  )}</tbody>
</table>
<form method="get" action="/admin/tenants">
  <label>New tenant <input type="text" name="tenant" required pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{0,62}" placeholder="acme"></label>
  <button type="submit">Open its connection page</button>
</form>
</section>`;
}

function usersSection(view: DashboardView): SafeHtml {
  return html`<section id="users">
<h2>Users of ${view.tenant}</h2>
<form method="get" action="/admin" role="search">
  <input type="hidden" name="tenant" value="${view.tenant}">
  <input type="search" name="q" value="${view.search}" placeholder="userName starts with…" aria-label="Search by userName">
  <button type="submit">Search</button>
  ${view.search ? html`<a href="/admin?tenant=${encodeURIComponent(view.tenant)}">clear</a>` : ""}
</form>
<table>
<thead><tr><th>userName</th>${view.columns.map((column) => html`<th>${column}</th>`)}<th>Roles</th><th>Groups</th><th>Active</th></tr></thead>
<tbody>${
    view.accounts.length === 0
      ? html`<tr><td colspan="${view.columns.length + 4}" class="muted">${view.search ? "No user matches." : "No users yet."}</td></tr>`
      : view.accounts.map(
          (account) => html`<tr class="user">
<td class="userName">${account.userName}</td>
${view.columns.map((column) => html`<td>${cellText(account.columns[column])}</td>`)}
<td>${pills(account.roles)}</td>
<td>${pills(account.groups)}</td>
<td>${account.active ? html`<span class="active">active</span>` : html`<span class="inactive">inactive</span>`}</td>
</tr>`,
        )
  }</tbody>
</table>
</section>`;
}

function groupsSection(view: DashboardView): SafeHtml {
  return html`<section id="groups">
<h2>Groups</h2>
<table>
<thead><tr><th>displayName</th><th>externalId</th><th>Roles granted</th><th>Members</th></tr></thead>
<tbody>${
    view.groups.length === 0
      ? html`<tr><td colspan="4" class="muted">No groups yet.</td></tr>`
      : view.groups.map(
          (group) => html`<tr class="group">
<td>${group.displayName}</td>
<td><code>${group.externalId ?? ""}</code></td>
<td>${pills(group.roles)}</td>
<td>${pills(group.members)}</td>
</tr>`,
        )
  }</tbody>
</table>
</section>`;
}

function roleMappingSection(config: RoleConfig): SafeHtml {
  const byGroup = Object.entries(config.byGroup);
  const permissions = Object.entries(config.permissions);
  return html`<section id="roles">
<h2>Role mapping</h2>
<p class="muted">From <code>roles</code> in the configuration file. A group key matches a group's <code>externalId</code> exactly, or its <code>displayName</code> ignoring case.</p>
<div class="grid">
<table>
<thead><tr><th>Group key</th><th>Roles</th></tr></thead>
<tbody>${byGroup.length === 0 ? html`<tr><td colspan="2" class="muted">No group is mapped.</td></tr>` : byGroup.map(([key, roles]) => html`<tr><td><code>${key}</code></td><td>${pills(roles)}</td></tr>`)}</tbody>
</table>
<table>
<thead><tr><th>Role</th><th>Permissions</th></tr></thead>
<tbody>${permissions.length === 0 ? html`<tr><td colspan="2" class="muted">No roles defined.</td></tr>` : permissions.map(([role, granted]) => html`<tr><td>${role}</td><td>${pills(granted)}</td></tr>`)}</tbody>
</table>
</div>
</section>`;
}

function activitySection(view: DashboardView): SafeHtml {
  return html`<section id="activity">
<h2>Recent provisioning activity</h2>
<table>
<thead><tr><th>Time</th><th>Change</th><th>Resource</th><th>Attributes</th><th>Request id</th><th>Actor</th></tr></thead>
<tbody>${
    view.activity.length === 0
      ? html`<tr><td colspan="6" class="muted">No changes in the last 30 days.</td></tr>`
      : view.activity.map(
          (event) => html`<tr class="activity">
<td>${timeOf(event.time)}</td>
<td>${event.action} ${event.resourceType}</td>
<td>${event.resource}</td>
<td>${event.changedPaths.map((path) => html`<code>${path}</code> `)}</td>
<td><code class="request-id">${event.requestId ?? ""}</code></td>
<td><code class="actor">${event.actor ?? ""}</code></td>
</tr>`,
        )
  }</tbody>
</table>
</section>`;
}

/** `/admin`: tenants, then the chosen tenant's users, groups, role mapping and recent activity. */
export function dashboardPage(frame: Omit<PageFrame, "title">, view: DashboardView): SafeHtml {
  return layout(
    { ...frame, title: "Provisioning" },
    html`<h1>Provisioning</h1>
${tenantsSection(view)}
${usersSection(view)}
${groupsSection(view)}
${roleMappingSection(view.roleConfig)}
${activitySection(view)}`,
  );
}
