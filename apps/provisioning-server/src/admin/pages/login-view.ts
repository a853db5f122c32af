import { html, type SafeHtml } from "./html.js";
import { layout } from "./layout.js";

/** The login form: the admin token in a password field, posted to `/admin/login`. */
export function loginPage(message?: string): SafeHtml {
  return layout(
    { title: "Log in" },
    html`<h1>Log in</h1>
<section>
${message ? html`<p class="error" role="alert">${message}</p>` : ""}
<form method="post" action="/admin/login">
  <label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
  <button type="submit">Log in</button>
</form>
<p class="muted">The token is the server's <code>ADMIN_TOKEN</code>. API clients can send <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code> instead.</p>
</section>`,
  );
}
