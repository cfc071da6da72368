/** The AWS CLI command that does what a fetch does, to reproduce it in a terminal. */
import { ENVIRONMENT_PROFILE } from './session';
import { DEFAULT_TRANSPORT, Transport } from './transport';

export interface CliTarget {
  readonly profile: string;
  readonly instanceId: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly transport?: Transport;
}

/**
 * `aws connect get-federation-token --instance-id … --region … [--profile …] [--endpoint-url …]`,
 * plus the global options for a non-default transport, quoted for the platform's shell.
 */
export function awsCliCommand(target: CliTarget, platform: NodeJS.Platform = process.platform): string {
  const transport = target.transport ?? DEFAULT_TRANSPORT;
  const args = ['aws', 'connect', 'get-federation-token', '--instance-id', target.instanceId, '--region', target.region];
  if (target.profile !== ENVIRONMENT_PROFILE) {
    args.push('--profile', target.profile);
  }
  if (target.endpoint) {
    args.push('--endpoint-url', target.endpoint);
  }
  if (transport.caBundle) {
    args.push('--ca-bundle', transport.caBundle.value);
  }
  if (!transport.verifyTls) {
    args.push('--no-verify-ssl');
  }
  if (transport.connectTimeoutMs !== DEFAULT_TRANSPORT.connectTimeoutMs) {
    args.push('--cli-connect-timeout', String(transport.connectTimeoutMs / 1000));
  }
  if (transport.readTimeoutMs !== DEFAULT_TRANSPORT.readTimeoutMs) {
    args.push('--cli-read-timeout', String(transport.readTimeoutMs / 1000));
  }
  const quote = platform === 'win32' ? quoteForWindows : quoteForPosix;
  return args.map(quote).join(' ');
}

const PLAIN = /^[A-Za-z0-9_\-.,:/=@+%]+$/;

function quoteForPosix(arg: string): string {
  return PLAIN.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function quoteForWindows(arg: string): string {
  return PLAIN.test(arg) ? arg : `"${arg.replace(/"/g, '\\"')}"`;
}
