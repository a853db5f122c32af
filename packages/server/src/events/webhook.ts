import type { IdentityEvent } from "./identity-event.js";
import { SIGNATURE_HEADER, signWebhook } from "./signature.js";

/** Where and how to deliver events over HTTP. */
export interface WebhookTarget {
  /** The receiver's URL (POST, JSON body: one event). */
  readonly url: string;
  /**
   * Signing secrets: every delivery carries one signature per secret. To rotate, add the new
   * secret, let receivers accept it, then drop the old one.
   */
  readonly secrets: readonly string[];
  /** Per-delivery timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** The fetch to use (default the global one). */
  readonly fetch?: typeof fetch;
}

/** A delivery the receiver did not accept (a non-2xx answer). */
export class WebhookDeliveryError extends Error {
  override readonly name = "WebhookDeliveryError";
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`webhook ${url} answered ${status}`);
  }
}

/**
 * A delivery function that POSTs one event as JSON, signed with HMAC-SHA256
 * (`Scimkit-Signature: t=…,v1=…`), with `Scimkit-Event-Id` and `Scimkit-Event-Type` headers. A
 * non-2xx answer, a timeout or a network error throws, so the dispatcher retries with backoff.
 */
export function webhookDelivery(target: WebhookTarget): (event: IdentityEvent) => Promise<void> {
  if (target.secrets.length === 0) throw new Error(`webhook ${target.url} needs at least one signing secret`);
  const send = target.fetch ?? fetch;
  return async (event) => {
    const body = JSON.stringify(event);
    const response = await send(target.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [SIGNATURE_HEADER]: signWebhook(body, target.secrets),
        "Scimkit-Event-Id": event.id,
        "Scimkit-Event-Type": event.type,
      },
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new WebhookDeliveryError(target.url, response.status);
  };
}
