import { html, SafeHtml } from "./html.js";

/** The page's only styles: inline, so the page needs no asset route and no external request. */
const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6573; --line: #d9dee5; --accent: #2557a7; --bad: #a42323; --ok: #1d7a3a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
header { background: #1d2430; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: center; }
header a { color: #fff; text-decoration: none; font-weight: 600; }
header form { margin-left: auto; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 16px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
time { white-space: nowrap; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12.5px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.pill { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; background: #e7ecf3; margin: 0 3px 2px 0; }
.active { color: var(--ok); font-weight: 600; }
.inactive { color: var(--bad); font-weight: 600; }
.error { color: var(--bad); }
.notice { border-left: 4px solid var(--accent); background: #eef3fb; padding: 10px 14px; margin: 12px 0; }
.secret { border-left-color: var(--bad); background: #fff4f2; }
.secret input { width: 100%; font-family: ui-monospace, Menlo, monospace; font-size: 13px; padding: 6px; }
input[type=text], input[type=password], input[type=search], select { padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
button { padding: 5px 12px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; font: inherit; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
form.inline { display: inline; }
ol.steps li { margin-bottom: 6px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
`;

/** Inserted unescaped: a constant with no value from outside. */
const STYLE_SHEET = new SafeHtml(STYLE);

/** Where the page is and who is looking: the logout form needs the CSRF token of a cookie session. */
export interface PageFrame {
  readonly title: string;
  /** Present when the viewer logged in with the form (a bearer-token viewer has nothing to log out of). */
  readonly csrfToken?: string;
}

/** A whole admin page: header, navigation and `body`. */
export function layout(frame: PageFrame, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · scimkit admin</title>
<style>${STYLE_SHEET}</style>
</head>
<body>
<header>
  <a href="/admin">scimkit admin</a>
  ${
    frame.csrfToken === undefined
      ? ""
      : html`<form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="${frame.csrfToken}"><button class="secondary" type="submit">Log out</button></form>`
  }
</header>
<main>
${body}
</main>
</body>
</html>`;
}
