import type { CredentialSummary } from "@scimkit/server/auth";
import type { ConnectionStatus } from "../../connections/connection-status.js";
import { timeOf } from "./dashboard-view.js";
import { html, type SafeHtml } from "./html.js";
import { entraSteps, oktaSteps } from "./idp-setup.js";
import { layout, type PageFrame } from "./layout.js";

/** A token that was just issued: its secret, shown on this one answer and never again. */
export interface NewSecret {
  readonly token: string;
  readonly credential: CredentialSummary;
  /** The token it replaces, when this came from "Rotate". */
  readonly replaces?: string;
}

/** Everything the connection page of one tenant shows. */
export interface TenantView {
  readonly tenant: string;
  /** The SCIM base URL as this request reached the app. */
  readonly endpointUrl: string;
  readonly connection: ConnectionStatus;
  readonly tokens: readonly CredentialSummary[];
  readonly columns: Readonly<Record<string, string>>;
  readonly newSecret?: NewSecret;
  /** A one-line message after an action (e.g. "Token … revoked"). */
  readonly notice?: string;
  readonly now: Date;
}

function tokenState(token: CredentialSummary, now: Date): "active" | "revoked" | "expired" {
  if (token.revokedAt !== undefined) return "revoked";
  if (token.expiresAt !== undefined && Date.parse(token.expiresAt) <= now.getTime()) return "expired";
  return "active";
}

function statusSection(view: TenantView): SafeHtml {
  const { lastRequestAt, lastError } = view.connection;
  return html`<section id="status">
<h2>Connection status</h2>
<table>
<tr><th>IdP connected</th><td class="connected">${lastRequestAt ? html`<span class="active">yes</span>` : html`<span class="muted">not yet: no authenticated request from the IdP</span>`}</td></tr>
<tr><th>Last request</th><td class="last-request">${timeOf(lastRequestAt)}</td></tr>
<tr><th>Last error</th><td class="last-error">${
    lastError
      ? html`<span class="error">HTTP ${lastError.status}${lastError.scimType ? html` <code>${lastError.scimType}</code>` : ""}</span>
at ${timeOf(lastError.at)}<br>${lastError.detail ?? ""}<br><span class="muted">request id</span> <code class="request-id">${lastError.requestId ?? ""}</code>`
      : html`<span class="muted">none</span>`
  }</td></tr>
</table>
</section>`;
}

function secretNotice(view: TenantView): SafeHtml {
  const secret = view.newSecret;
  if (!secret) return html``;
  return html`<div class="notice secret" role="alert">
<p><b>Copy the secret token now. It will not be shown again.</b> Token <code>${secret.credential.id}</code>${secret.credential.name ? html` (${secret.credential.name})` : ""}, scope <code>${secret.credential.scope}</code>.</p>
<input id="new-secret" type="text" readonly value="${secret.token}" aria-label="New secret token">
${secret.replaces ? html`<p>Token <code>${secret.replaces}</code> still works. Paste the new secret into the IdP, run its connection test, and then revoke the old token below.</p>` : ""}
</div>`;
}

function tokensSection(view: TenantView, csrfField: SafeHtml): SafeHtml {
  const base = `/admin/tenants/${encodeURIComponent(view.tenant)}/tokens`;
  return html`<section id="tokens">
<h2>Tokens</h2>
${secretNotice(view)}
<table>
<thead><tr><th>Token id</th><th>Name</th><th>Scope</th><th>Created</th><th>Last used</th><th>State</th><th></th></tr></thead>
<tbody>${
    view.tokens.length === 0
      ? html`<tr><td colspan="7" class="muted">No tokens yet. Create one for the IdP below.</td></tr>`
      : view.tokens.map((token) => {
          const state = tokenState(token, view.now);
          const action = `${base}/${encodeURIComponent(token.id)}`;
          return html`<tr class="token" data-token-id="${token.id}">
<td><code>${token.id}</code></td>
<td>${token.name ?? ""}</td>
<td>${token.scope}</td>
<td>${timeOf(token.createdAt)}</td>
<td>${timeOf(token.lastUsedAt)}</td>
<td class="${state === "active" ? "active" : "inactive"}">${state}${token.revokedAt ? html` ${timeOf(token.revokedAt)}` : ""}</td>
<td>${
            state === "active"
              ? html`<form class="inline" method="post" action="${action}/rotate">${csrfField}<button class="secondary" type="submit">Rotate</button></form>
<form class="inline" method="post" action="${action}/revoke">${csrfField}<button class="danger" type="submit">Revoke</button></form>`
              : ""
          }</td>
</tr>`;
        })
  }</tbody>
</table>
<h3>Create a token</h3>
<form method="post" action="${base}">
${csrfField}
<label>Name <input type="text" name="name" maxlength="100" placeholder="Entra ID production"></label>
<label>Scope <select name="scope"><option value="write" selected>read and write (for provisioning)</option><option value="read">read only</option></select></label>
<button type="submit">Create token</button>
</form>
</section>`;
}

/** `/admin/tenants/<tenant>`: what the tenant's IT admin needs to connect their IdP. */
export function tenantPage(frame: Omit<PageFrame, "title">, view: TenantView): SafeHtml {
  const csrfField =
    frame.csrfToken === undefined
      ? html``
      : html`<input type="hidden" name="_csrf" value="${frame.csrfToken}">`;
  return layout(
    { ...frame, title: `Connect ${view.tenant}` },
    html`<h1>Connect tenant <span class="tenant">${view.tenant}</span></h1>
${view.notice ? html`<div class="notice" role="status">${view.notice}</div>` : ""}
<section id="endpoint">
<h2>SCIM endpoint</h2>
<p>Enter this URL in the IdP as the <b>Tenant URL</b> (Entra ID) or the <b>SCIM connector base URL</b> (Okta). The token you create below decides the tenant, so every tenant uses the same URL.</p>
<input id="endpoint-url" type="text" readonly value="${view.endpointUrl}" size="60" aria-label="SCIM endpoint URL">
</section>
${statusSection(view)}
${tokensSection(view, csrfField)}
${entraSteps({ endpointUrl: view.endpointUrl, columns: view.columns })}
${oktaSteps({ endpointUrl: view.endpointUrl, columns: view.columns })}`,
  );
}
