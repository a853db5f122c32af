import type { IncomingMessage } from "node:http";
import { ScimError } from "@scimkit/core";
import { boundedMemo } from "../../bounded-memo.js";

/**
 * `uri-host [ ":" port ]` (RFC 9110 §7.2, RFC 3986 §3.2.2): an IP literal in brackets, or a
 * reg-name of unreserved characters, sub-delims and complete percent escapes, then digits.
 */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::\d{0,5})?$/;

/** `http://authority/path?query`: the absolute form of a request target (RFC 9112 §3.2.2). */
const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)([^#]*)/i;

const badRequest = (detail: string) => new ScimError(400, undefined, detail);

/** The value of the one `Host` field, `undefined` when absent; 400 when sent more than once. */
function hostField(req: IncomingMessage): string | undefined {
  let host: string | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() !== "host") continue;
    // RFC 9112 §3.2: more than one Host field line is a 400.
    if (host !== undefined) throw badRequest("the request has more than one Host header (RFC 9112 §3.2)");
    host = (req.rawHeaders[i + 1] ?? "").trim();
  }
  return host;
}

/**
 * `new URL(origin).host`, lower-cased, for a `scheme://authority` string (throws for one that forms
 * no URL); remembered, since a server sees the same few on every request.
 */
const canonicalHostOf = boundedMemo(64, (origin) => new URL(origin).host.toLowerCase());

/**
 * The absolute URL a Node request names, from its request target and `Host` header, checked before
 * anything else runs: a malformed `Host` (`a b`, `x:y:z`, `[::1`, `h%zz`), a missing or repeated
 * one in HTTP/1.1, or a target that is neither a path nor an `http(s)` URL is a SCIM 400, never an
 * exception further down. An absolute-form target (`GET http://host/scim/v2/Users`) is served
 * with the authority it names, as RFC 9112 §3.2.2 requires of servers (the `Host` field is then
 * ignored). `protocol` is the scheme the connection was received on (`http` or `https`); `target`
 * is the request target as received (Express rewrites `req.url` below a mount point, so pass
 * `req.originalUrl` there).
 */
export function requestUrlOf(req: IncomingMessage, protocol: string, target = req.url ?? ""): URL {
  let authority = hostField(req);
  let pathAndQuery = target;
  let scheme = protocol;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) {
    scheme = target.slice(0, target.indexOf(":")).toLowerCase();
    authority = absolute[1] ?? "";
    pathAndQuery = absolute[2] || "/";
  } else if (!target.startsWith("/")) {
    throw badRequest("the request target must be a path such as /scim/v2/Users (RFC 9112 §3.2)");
  }
  if (authority === undefined) {
    // HTTP/1.0 has no Host field; HTTP/1.1 requires one (RFC 9112 §3.2).
    if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) authority = "localhost";
    else throw badRequest("the request has no Host header (RFC 9112 §3.2)");
  }
  if (!HOST.test(authority)) {
    throw badRequest("the Host header is not a valid host[:port] (RFC 9110 §7.2)");
  }
  try {
    const url = new URL(`${scheme}://${authority}${pathAndQuery}`);
    // The path must not move the authority (`//evil.example/…` is a path, not a host).
    if (url.host.toLowerCase() !== canonicalHostOf(`${scheme}://${authority}`)) throw url;
    return url;
  } catch {
    throw badRequest("the request target and Host header do not form a valid URL (RFC 9112 §3.3)");
  }
}
