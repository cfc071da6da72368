/**
 * Stand-in for the Connect sign-in page a SignInUrl points at, served when `signInBaseUrl` points at
 * the emulator. As the real one, it signs the browser in with a session cookie of the instance: one
 * sign-in per instance and browser profile, so a second user's sign-in replaces the first one's.
 * The home page says who the cookies sign in as. Neither page shows a token.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorControl, IssuedToken } from './control';
import type { QueryParams } from './url';

export const SIGN_IN_PATH = '/auth/sign-in';
/** What a signed-in browser shows: who its cookies sign in as, per instance. */
export const HOME_PATH = '/connect/home';
/** `<prefix><instance alias>`: one cookie per instance, as one Connect domain per instance would have. */
const COOKIE_PREFIX = 'emulator-connect-session-';
/** Bounds what a home visit reads from a Cookie header. */
const MAX_COOKIES = 50;

/** A browser's sign-in: what its cookie stands for. */
export interface SignInSession {
  /** The cookie's value (opaque, random). */
  id: string;
  /** ISO time on the emulator's clock. */
  signedInAt: string;
  instanceAlias: string;
  region: string;
  /** The Connect user: the IAM user's name or the role session name (IssuedToken.userName). */
  userName: string;
  userArn: string;
}

/** A look at the home page: who the cookies it came with sign in as. */
export interface HomeVisit {
  at: string;
  signedIn: { instanceAlias: string; userName: string }[];
}

/** The emulator's record of sign-ins and home visits, kept until reset. */
export class SignInSessions {
  private readonly byId = new Map<string, SignInSession>();
  private visits: HomeVisit[] = [];

  reset(): void {
    this.byId.clear();
    this.visits = [];
  }

  start(token: IssuedToken, now: Date): SignInSession {
    const session: SignInSession = {
      id: randomBytes(18).toString('base64url'),
      signedInAt: now.toISOString(),
      instanceAlias: token.instanceAlias,
      region: token.region,
      userName: token.userName,
      userArn: token.userArn,
    };
    this.byId.set(session.id, session);
    return session;
  }

  /** The sessions a Cookie header signs in as (unknown or forged cookies sign in as no one), and records the visit. */
  visit(cookieHeader: string | undefined, now: Date): SignInSession[] {
    const sessions = parseCookies(cookieHeader)
      .filter(({ name }) => name.startsWith(COOKIE_PREFIX))
      .map(({ value }) => this.byId.get(value))
      .filter((session): session is SignInSession => session !== undefined);
    this.visits.push({ at: now.toISOString(), signedIn: sessions.map(({ instanceAlias, userName }) => ({ instanceAlias, userName })) });
    return sessions;
  }

  sessions(): SignInSession[] {
    return structuredClone([...this.byId.values()]);
  }

  homeVisits(): HomeVisit[] {
    return structuredClone(this.visits);
  }
}

export interface Page {
  status: number;
  html: string;
  headers: Record<string, string>;
}

/** Signs the browser in as the token's user: a cookie for the token's instance, and a page that says who. */
export function signInPage(control: EmulatorControl, query: QueryParams, secure: boolean): Page {
  const token = typeof query.token === 'string' ? control.recordSignIn(query.token) : undefined;
  if (!token) {
    return page(403, 'Sign-in link not recognised', ['This sign-in link was not issued by the Amazon Connect emulator since its last reset.']);
  }
  const session = control.signIns.start(token, control.now());
  const cookie = `${COOKIE_PREFIX}${token.instanceAlias}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  return {
    ...page(
      200,
      `Signed in as ${token.userName}`,
      [`The Amazon Connect emulator received the sign-in for instance ${token.instanceAlias} (${token.region}).`],
      // Relative: the page may be reached through a proxy's path prefix (code-server's /proxy/PORT/).
      `..${HOME_PATH}`,
    ),
    headers: { 'Set-Cookie': cookie },
  };
}

/** Who this browser is signed in as, from its cookies. */
export function homePage(control: EmulatorControl, cookieHeader: string | undefined): Page {
  const sessions = control.signIns.visit(cookieHeader, control.now());
  if (sessions.length === 0) {
    return page(200, 'Not signed in', ['No Amazon Connect emulator sign-in in this browser.']);
  }
  const lines = sessions.map((session) => `Signed in as ${session.userName} to ${session.instanceAlias} (${session.region}).`);
  return page(200, lines.length === 1 ? `Signed in as ${sessions[0].userName}` : 'Signed in', lines);
}

/** User names come from role session names, which may hold `@` `=` `,` `+`: everything shown is escaped. */
function page(status: number, title: string, paragraphs: readonly string[], homeLink?: string): Page {
  const link = homeLink === undefined ? '' : `<p><a href="${escapeHtml(homeLink)}">Home</a></p>`;
  return {
    status,
    headers: {},
    html: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('')}${link}</body></html>
`,
  };
}

function parseCookies(header: string | undefined): { name: string; value: string }[] {
  return (header ?? '')
    .split(';')
    .slice(0, MAX_COOKIES)
    .map((pair) => {
      const separator = pair.indexOf('=');
      return separator < 0 ? { name: pair.trim(), value: '' } : { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim() };
    });
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
