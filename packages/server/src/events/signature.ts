import { createHmac, timingSafeEqual } from "node:crypto";

/** The header that carries a webhook's signatures. */
export const SIGNATURE_HEADER = "Scimkit-Signature";

/** How far a signature's timestamp may be from the receiver's clock (default 5 minutes). */
const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/**
 * The signature header of a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, one
 * `v1` per secret. Signing with the old and the new secret during a rotation lets receivers switch
 * at their own pace.
 */
export function signWebhook(
  body: string,
  secrets: readonly string[],
  timestamp = Math.floor(Date.now() / 1000),
): string {
  if (secrets.length === 0) throw new Error("a webhook needs at least one signing secret");
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${hmac(secret, timestamp, body)}`)].join(",");
}

/** What {@link verifyWebhookSignature} checks. */
export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received. */
  readonly body: string;
  /** The `Scimkit-Signature` header value. */
  readonly header: string | null | undefined;
  /** The receiver's accepted secrets (several during a rotation). */
  readonly secrets: readonly string[];
  /** Accepted clock distance in seconds (default 300): older deliveries are refused as replays. */
  readonly toleranceSeconds?: number;
  /** The receiver's clock, in Unix seconds (default now). */
  readonly now?: number;
}

/**
 * Whether a webhook delivery is authentic: a `v1` signature matches one of `secrets` (compared in
 * constant time) and its timestamp is within the tolerance.
 *
 * @example
 * if (!verifyWebhookSignature({ body: rawBody, header: req.headers["scimkit-signature"], secrets: [process.env.WEBHOOK_SECRET] }))
 *   return res.status(400).end();
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): boolean {
  if (!options.header) return false;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of options.header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, "hex"));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const ts = timestamp;
  return options.secrets.some((secret) => {
    const expected = Buffer.from(hmac(secret, ts, options.body), "hex");
    return signatures.some((signature) => timingSafeEqual(signature, expected));
  });
}
