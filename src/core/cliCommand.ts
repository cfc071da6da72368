/** The AWS CLI command that does what a fetch does, to reproduce it in a terminal. */
import { ENVIRONMENT_PROFILE } from './session';
import { Shell, commandLine, defaultShell } from './shellQuote';
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
 * plus the global options for a non-default transport, quoted for `shell` (the user's terminal's),
 * or for the shell a platform's terminal starts with.
 */
export function awsCliCommand(target: CliTarget, shell: Shell | NodeJS.Platform): string {
  const transport = target.transport ?? DEFAULT_TRANSPORT;
  const args = ['aws', 'connect', 'get-federation-token', ...option('--instance-id', target.instanceId), ...option('--region', target.region)];
  if (target.profile !== ENVIRONMENT_PROFILE) {
    args.push(...option('--profile', target.profile));
  }
  if (target.endpoint) {
    args.push(...option('--endpoint-url', target.endpoint));
  }
  if (transport.caBundle) {
    args.push(...option('--ca-bundle', transport.caBundle.value));
  }
  if (!transport.verifyTls) {
    args.push('--no-verify-ssl');
  }
  // The CLI takes whole seconds only.
  if (transport.connectTimeoutMs !== DEFAULT_TRANSPORT.connectTimeoutMs) {
    args.push('--cli-connect-timeout', String(Math.ceil(transport.connectTimeoutMs / 1000)));
  }
  if (transport.readTimeoutMs !== DEFAULT_TRANSPORT.readTimeoutMs) {
    args.push('--cli-read-timeout', String(Math.ceil(transport.readTimeoutMs / 1000)));
  }
  return commandLine(args, isShell(shell) ? shell : defaultShell(shell));
}

/** `--name value`, or `--name=-value` for a value the CLI's parser would take for an option. */
function option(name: string, value: string): string[] {
  return value.startsWith('-') ? [`${name}=${value}`] : [name, value];
}

function isShell(value: string): value is Shell {
  return value === 'posix' || value === 'fish' || value === 'powershell' || value === 'cmd';
}
