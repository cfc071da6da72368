/** Both sides' answers for a profile, made comparable, and the README's intended differences recognised. */
import { ProbeResult, describeRequest } from './awsCliProbe';
import { Resolution } from './extensionProbe';
import { IntendedDifference } from './intendedDifferences';

/** What both sides' GetFederationToken request is answered with (not sent). */
export const ANSWER = JSON.stringify({
  Credentials: { AccessToken: 'a', AccessTokenExpiration: 1_900_000_000, RefreshToken: 'r', RefreshTokenExpiration: 1_900_000_000 },
  SignInUrl: 'https://probe.example/sign-in',
});

/** botocore's credentials.method → the extension's kind of profile. */
export const METHOD_KIND: Record<string, string> = {
  'shared-credentials-file': 'accessKeys',
  'config-file': 'accessKeys',
  'assume-role': 'role',
  'assume-role-with-web-identity': 'webIdentity',
  'custom-process': 'process',
  sso: 'sso',
};

export interface Outcome {
  readonly listed: boolean;
  readonly failed?: string;
  readonly host?: string;
  readonly signingRegion?: string;
  readonly kind?: string;
  readonly accessKey?: string;
}

export function cliOutcome(listed: boolean, result: ProbeResult | undefined): Outcome {
  if (!listed) {
    return { listed };
  }
  const request = describeRequest(result?.requests?.[0]);
  if (result?.rc !== 0 || !request.host) {
    return { listed, failed: (result?.stderr ?? '').trim().split('\n').pop() || `exit ${result?.rc}` };
  }
  return { listed, host: request.host, signingRegion: request.signingRegion, kind: METHOD_KIND[result.method ?? ''] ?? result.method ?? '?', accessKey: keyOf(request.accessKeyId) };
}

export function extensionOutcome(resolution: Resolution): Outcome {
  if (!resolution.listed) {
    return { listed: false };
  }
  if (resolution.error || !resolution.host) {
    return { listed: true, failed: resolution.error ?? 'no request' };
  }
  return { listed: true, host: resolution.host, signingRegion: resolution.signingRegion, kind: resolution.kind, accessKey: keyOf(resolution.accessKeyId) };
}

/** Long-term keys must be the same; temporary ones (STS, SSO, a process) only both temporary. */
function keyOf(accessKeyId: string | undefined): string | undefined {
  return accessKeyId?.startsWith('ASIA') ? 'temporary' : accessKeyId;
}

export function agree(cli: Outcome, extension: Outcome): boolean {
  if (cli.failed !== undefined || extension.failed !== undefined) {
    return cli.listed === extension.listed && cli.failed !== undefined && extension.failed !== undefined;
  }
  return JSON.stringify(cli) === JSON.stringify(extension);
}

/** A disagreement the README lists, recognised by what each side did. */
export function intended(cli: Outcome, extension: Outcome, resolution: Resolution): IntendedDifference | undefined {
  const notes = (resolution.cliNotes ?? []).join('\n');
  if (cli.failed && !extension.failed && /has a comment after its value/.test(notes)) {
    return 'inline-comment';
  }
  if (cli.failed && !extension.failed && /continues on an indented line/.test(notes)) {
    return 'continuation-line';
  }
  if (cli.failed && !extension.failed && /Unable to construct a modeled endpoint with the following variant/.test(cli.failed)) {
    return 'endpoint-variant';
  }
  if (!cli.failed && !extension.failed && cli.kind !== extension.kind && cli.host === extension.host) {
    return 'credential-order';
  }
  return undefined;
}


/** A botocore client job's answer (no credentials kind: access keys throughout). */
export function clientOutcome(result: ProbeResult): Outcome {
  const request = describeRequest(result.requests?.[0]);
  return result.error || !request.host
    ? { listed: true, failed: result.error ?? 'no request' }
    : { listed: true, host: request.host, signingRegion: request.signingRegion, accessKey: keyOf(request.accessKeyId) };
}
