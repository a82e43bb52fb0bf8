/** The addresses Minga's listener takes mail for: `reply+<key>@…` and `bounce+<key>@…`. */
export type InboundAddress = { kind: 'reply' | 'bounce'; key: string };

/** Keys are 128 random bits in hex; anything else is not ours. */
const KEY = /^[0-9a-f]{32}$/;

/**
 * Reads a recipient address: ours only when the domain is the reply domain and the local part
 * is `reply+<key>` or `bounce+<key>`. (`unsubscribe+…` is not taken: one-click unsubscribe by
 * URL is the way out, and the listener refuses what it cannot act on.)
 */
export function parseInboundAddress(address: string, domain: string): InboundAddress | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const match = /^(reply|bounce)\+(.+)$/i.exec(address.slice(0, at));
  if (!match) return null;
  const key = match[2]!.toLowerCase();
  return KEY.test(key) ? { kind: match[1]!.toLowerCase() as InboundAddress['kind'], key } : null;
}
