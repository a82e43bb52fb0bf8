/**
 * Text hygiene for everything people send: NUL and the other C0 control characters (and DEL)
 * never reach storage; line breaks are normalised to \n; tabs and newlines stay. Applied once,
 * centrally, to every JSON body over HTTP and every socket payload, before validation, so no
 * service can forget it.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Secrets are compared, never stored or shown: they stay exactly as typed. */
const VERBATIM_KEYS = new Set(['password', 'currentPassword', 'newPassword']);

export function cleanText(value: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(value)) return value;
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** A parsed JSON value with every string cleaned (object keys too), in place where possible. */
export function cleanPayload<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanPayload(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (VERBATIM_KEYS.has(key)) continue;
    const cleaned = cleanText(key);
    const inner = cleanPayload(record[key], depth + 1);
    if (cleaned !== key) {
      delete record[key];
      record[cleaned] = inner;
    } else {
      record[key] = inner;
    }
  }
  return value;
}
