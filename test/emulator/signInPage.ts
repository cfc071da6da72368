/**
 * Stand-in for the Connect sign-in page a SignInUrl points at, served when `signInBaseUrl`
 * points at the emulator. It confirms receipt and never shows the token.
 */
import type { EmulatorControl } from './control';
import type { QueryParams } from './url';

export const SIGN_IN_PATH = '/auth/sign-in';

export function signInPage(control: EmulatorControl, query: QueryParams): { status: number; html: string } {
  const token = typeof query.token === 'string' ? control.recordSignIn(query.token) : undefined;
  // Aliases come from the fixtures and match [A-Za-z0-9-]+, so they need no HTML escaping.
  return token
    ? page(200, 'Sign-in received', `The Amazon Connect emulator received the sign-in for instance ${token.instanceAlias} (${token.region}).`)
    : page(403, 'Sign-in link not recognised', 'This sign-in link was not issued by the Amazon Connect emulator since its last reset.');
}

function page(status: number, title: string, text: string): { status: number; html: string } {
  return {
    status,
    html: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>${text}</p></body></html>
`,
  };
}
