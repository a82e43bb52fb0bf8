/** The addresses Minga's listener takes mail for: `reply+<key>@…`, `bounce+<key>@…`, `unsubscribe+<token>@…`. */
export type InboundAddress = { kind: 'reply' | 'bounce' | 'unsubscribe'; key: string };

/** Keys are 128 random bits in hex; anything else is not ours. */
const KEY = /^[0-9a-f]{32}$/;
/** Unsubscribe tokens are signed (`<userId>.<kind>.<HMAC>`) or a list subscription's (`ml.<token>`), in base64url: case matters. */
const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9._-]{1,60}$/;

/**
 * Reads a recipient address: ours only when the domain is the reply domain and the local part
 * is `reply+<key>`, `bounce+<key>` or `unsubscribe+<token>` (RFC 2369's mailto unsubscribe).
 * Whether the key or token names something is the service's question.
 */
export function parseInboundAddress(address: string, domain: string): InboundAddress | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const match = /^(reply|bounce|unsubscribe)\+(.+)$/i.exec(address.slice(0, at));
  if (!match) return null;
  const kind = match[1]!.toLowerCase() as InboundAddress['kind'];
  if (kind === 'unsubscribe') return UNSUBSCRIBE_TOKEN.test(match[2]!) ? { kind, key: match[2]! } : null;
  const key = match[2]!.toLowerCase();
  return KEY.test(key) ? { kind, key } : null;
}
