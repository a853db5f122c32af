const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * True when `text` is base64 with padding (RFC 4648 §4), the encoding RFC 7643 §2.3.6 requires for
 * `binary` attributes.
 */
export function isBase64(text: string): boolean {
  return BASE64.test(text);
}
