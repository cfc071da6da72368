/**
 * `npm run emulator -- [--port N] [--host 127.0.0.1] [--tls] [--token-lifetime S] [--clock-offset MS] [--delay MS]`
 * Runs the AWS emulator (Connect, STS, IAM Identity Center) in the foreground and prints what a
 * shell needs to use it.
 */
import { parseArgs } from 'node:util';
import { DEMO_IDENTITY, DEMO_INSTANCE, DEMO_INSTANCE_ARN, DEMO_REGION, FIXTURE_IDENTITIES, FIXTURE_ROLES } from './fixtures';
import { startEmulator, type EmulatorOptions } from './server';
import { TEST_CA_PATH } from './tls';

const USAGE =
  'Usage: npm run emulator -- [--port N] [--host 127.0.0.1] [--tls] [--token-lifetime SECONDS] [--clock-offset MS] [--delay MS]';

function parseOptions(args: string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'token-lifetime': { type: 'string' },
      'clock-offset': { type: 'string' },
      delay: { type: 'string' },
      tls: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    return 'help';
  }
  const numberOption = (name: keyof typeof values): number | undefined => {
    const text = values[name];
    if (typeof text !== 'string') {
      return undefined;
    }
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new Error(`--${name} must be a number, not '${text}'`);
    }
    return value;
  };
  return {
    port: numberOption('port'),
    host: values.host,
    tokenLifetimeSeconds: numberOption('token-lifetime'),
    clockOffsetMs: numberOption('clock-offset'),
    delayMs: numberOption('delay'),
    tls: values.tls,
  };
}

function banner(url: string): string {
  // Temporary fixture credentials need their session token: the banner offers long-term keys only.
  const others = FIXTURE_IDENTITIES.filter((identity) => identity !== DEMO_IDENTITY && !identity.sessionToken);
  const nameWidth = Math.max(...others.map((identity) => identity.name.length));
  const roleWidth = Math.max(...FIXTURE_ROLES.map((role) => role.arn.length));
  return [
    `AWS emulator (Amazon Connect, STS, IAM Identity Center) listening on ${url} (Ctrl-C to stop)`,
    '',
    '# Paste into a shell (AWS_DEFAULT_REGION is for AWS CLI v1; STS and SSO are for role and SSO profiles):',
    `export AWS_ENDPOINT_URL_CONNECT=${url}`,
    `export AWS_ENDPOINT_URL_STS=${url}`,
    `export AWS_ENDPOINT_URL_SSO=${url}`,
    `export AWS_ENDPOINT_URL_SSO_OIDC=${url}`,
    ...(url.startsWith('https:')
      ? [
          '# The test CA: the AWS CLI reads AWS_CA_BUNDLE; the AWS SDK for JavaScript does not, Node reads NODE_EXTRA_CA_CERTS at start.',
          `export AWS_CA_BUNDLE=${TEST_CA_PATH}`,
          `export NODE_EXTRA_CA_CERTS=${TEST_CA_PATH}`,
        ]
      : []),
    `export AWS_ACCESS_KEY_ID=${DEMO_IDENTITY.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${DEMO_IDENTITY.secretAccessKey}`,
    `export AWS_REGION=${DEMO_REGION}`,
    `export AWS_DEFAULT_REGION=${DEMO_REGION}`,
    'unset AWS_SESSION_TOKEN',
    '',
    `# Demo instance ${DEMO_INSTANCE.alias} (${DEMO_REGION}): ID ${DEMO_INSTANCE.id}, ARN ${DEMO_INSTANCE_ARN}`,
    `aws connect get-federation-token --instance-id ${DEMO_INSTANCE.id}`,
    '',
    '# Other identities (swap them into AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY):',
    ...others.map(
      (identity) =>
        `#   ${identity.name.padEnd(nameWidth)}  ${identity.accessKeyId}  ${identity.secretAccessKey}  ${identity.description ?? ''}`,
    ),
    '# More instances: eu-west-2 (demo-london), us-gov-west-1 (gov-demo), ap-southeast-2 (23, for paging).',
    '',
    '# Roles the demo user may assume (role_arn + source_profile or credential_source = Environment):',
    ...FIXTURE_ROLES.map((role) => `#   ${role.arn.padEnd(roleWidth)}  ${role.description}`),
    `# Recorded requests: ${url}/__emulator/requests`,
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  console.log(banner(emulator.url));
  const stop = (): void => {
    emulator.close().then(
      () => console.log('\nAWS emulator stopped.'),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exitCode = 1;
});
