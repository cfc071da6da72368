/** Secrets are shown as their last four characters only: enough to tell two tokens apart. */
export function mask(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

/** A sign-in URL carries a token in its query: show where it goes, never what it carries. */
export function maskUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}?••••`;
  } catch {
    return mask(url);
  }
}
