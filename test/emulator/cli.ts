/**
 * `npm run emulator -- [--port N] [--host 127.0.0.1] [--token-lifetime S] [--clock-offset MS] [--delay MS]`
 * Runs the Amazon Connect emulator in the foreground and prints what a shell needs to use it.
 */
import { parseArgs } from 'node:util';
import { DEMO_IDENTITY, DEMO_INSTANCE, DEMO_INSTANCE_ARN, DEMO_REGION, FIXTURE_IDENTITIES } from './fixtures';
import { startEmulator, type EmulatorOptions } from './server';

const USAGE =
  'Usage: npm run emulator -- [--port N] [--host 127.0.0.1] [--token-lifetime SECONDS] [--clock-offset MS] [--delay MS]';

function parseOptions(args: string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'token-lifetime': { type: 'string' },
      'clock-offset': { type: 'string' },
      delay: { type: 'string' },
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
  };
}

function banner(url: string): string {
  const others = FIXTURE_IDENTITIES.filter((identity) => identity !== DEMO_IDENTITY);
  const nameWidth = Math.max(...others.map((identity) => identity.name.length));
  return [
    `Amazon Connect emulator listening on ${url} (Ctrl-C to stop)`,
    '',
    '# Paste into a shell (AWS_DEFAULT_REGION is for AWS CLI v1):',
    `export AWS_ENDPOINT_URL_CONNECT=${url}`,
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
      () => console.log('\nConnect emulator stopped.'),
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
