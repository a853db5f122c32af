import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

/** A signing key of the test issuer. */
export interface IssuerKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** A real OpenID Connect issuer on 127.0.0.1: discovery document and JWKS, keys made in the test. */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** The keys the JWKS publishes (edit to rotate). */
  published: IssuerKey[];
  /** How often the JWKS and the discovery document were fetched. */
  readonly fetches: { jwks: number; discovery: number };
  /** Overrides the discovery document's `issuer` (to test the Discovery §4.3 check). */
  discoveryIssuer?: string;
  sign(key: IssuerKey, claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function newKey(kid: string, alg = "RS256"): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export async function startTestIssuer(keys: IssuerKey[]): Promise<TestIssuer> {
  const fetches = { jwks: 0, discovery: 0 };
  let issuerUrl = "";
  const state: { published: IssuerKey[]; discoveryIssuer?: string } = { published: keys };
  const server: Server = createServer((req, res) => {
    res.setHeader("Content-Type", "application/json");
    if (req.url === "/.well-known/openid-configuration") {
      fetches.discovery += 1;
      res.end(JSON.stringify({ issuer: state.discoveryIssuer ?? issuerUrl, jwks_uri: `${issuerUrl}/jwks` }));
    } else if (req.url === "/jwks") {
      fetches.jwks += 1;
      res.end(JSON.stringify({ keys: state.published.map((key) => key.publicJwk) }));
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: issuerUrl,
    jwksUri: `${issuerUrl}/jwks`,
    get published() {
      return state.published;
    },
    set published(value) {
      state.published = value;
    },
    get discoveryIssuer() {
      return state.discoveryIssuer;
    },
    set discoveryIssuer(value) {
      state.discoveryIssuer = value;
    },
    fetches,
    sign: (key, claims, header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "at+jwt", ...header })
        .sign(key.privateKey),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
