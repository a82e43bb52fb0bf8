/** The host of a URL, with scheme-default ports dropped; null for anything unparsable. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** True when an Origin header names the site the request was sent to (its Host). */
export function sameOrigin(origin: string, host: string | undefined, protocol: string): boolean {
  return !!host && hostOf(origin) === hostOf(`${protocol}://${host}`);
}
