/**
 * Shared config and credentials files for the conformance tests: the AWS CLI user guide's
 * examples, the cases the issue names (odd names, key case, colon syntax, object-key names,
 * endpoint settings, FIPS and dual-stack flags) and profiles generated from a fixed seed.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CONNECT_ADMIN_ROLE, DEMO_IDENTITY, SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_START_URL, WEB_IDENTITY_TOKEN } from '../../emulator/fixtures';
import { CREDENTIAL_PROCESS_COMMAND } from '../../emulator/credentialProcess';

export interface GeneratedFiles {
  readonly config: string;
  readonly credentials: string;
  /** Every profile name written, as the CLI should know it (plus names that are deliberately no profile). */
  readonly names: readonly string[];
}

const KEYS = `aws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`;

/** Every region key of the SDK's partition data (@aws-sdk/core's partitionsInfo, read from its source). */
export function sdkPartitionRegions(): { region: string; partition: string }[] {
  const source = readFileSync(require.resolve('@aws-sdk/core/client'), 'utf8');
  const start = source.indexOf('const partitionsInfo = ');
  const end = source.indexOf('\n};', start);
  if (start === -1 || end === -1) {
    throw new Error("@aws-sdk/core's partition data was not found where it used to be: update sdkPartitionRegions()");
  }
  const info = JSON.parse(source.slice(start + 'const partitionsInfo = '.length, end + 2)) as { partitions: { id: string; regions: Record<string, unknown> }[] };
  return info.partitions.flatMap((p) => Object.keys(p.regions).map((region) => ({ region, partition: p.id })));
}

/** A profile name as a config-file section header the CLI reads back (shlex quoting where needed). */
export function profileHeader(name: string): string {
  return /^[\w\-@+.%:/()]+$/.test(name) ? `[profile ${name}]` : `[profile '${name.replace(/'/g, `'"'"'`)}']`;
}

/** The hand-written part: the user guide's shapes and every case the issue lists. */
function handWritten(webIdentityTokenFile: string, caFile: string): { config: string[]; credentials: string[]; names: string[] } {
  const role = `role_arn = ${CONNECT_ADMIN_ROLE.arn}`;
  const config = [
    // The user guide's examples.
    `[default]\nregion = us-west-2\noutput = json`,
    `[profile user1]\nregion = us-east-1\noutput = text`,
    `[profile marketingadmin]\n${role}\nsource_profile = user1\nregion = eu-west-2`,
    `[profile env-role]\n${role}\ncredential_source = Environment\nregion = eu-central-1`,
    `[profile my-sso]\nsso_session = my-sso\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\nregion = ap-southeast-2`,
    `[sso-session my-sso]\nsso_region = ${SSO_REGION}\nsso_start_url = ${SSO_START_URL}\nsso_registration_scopes = sso:account:access`,
    `[profile legacy-sso]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\nregion = ca-central-1`,
    `[profile helper]\ncredential_process = ${CREDENTIAL_PROCESS_COMMAND}\nregion = ap-northeast-1`,
    `[profile web]\n${role}\nweb_identity_token_file = ${webIdentityTokenFile}\nregion = sa-east-1`,
    `[profile in-config]\n${KEYS}\nregion = af-south-1`,
    // Key case: the CLI lower-cases keys.
    `[profile upper-region]\nRegion = eu-west-1\n${KEYS}`,
    `[profile shouting]\nREGION = eu-north-1\nAWS_ACCESS_KEY_ID = ${DEMO_IDENTITY.accessKeyId}\nAWS_Secret_Access_Key = ${DEMO_IDENTITY.secretAccessKey}`,
    // Names the CLI accepts.
    `[profile "quoted name"]\nregion = eu-west-3\n${KEYS}`,
    `[profile  two-spaces]\nregion = eu-south-1\n${KEYS}`,
    `[profile dev(eu)]\nregion = eu-central-2\n${KEYS}`,
    `[profile café]\nregion = me-central-1\n${KEYS}`,
    `[profile a,b]\nregion = il-central-1\n${KEYS}`,
    `[profile no-keys]`,
    `[profile colon]\nregion: us-east-2\naws_access_key_id: ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key: ${DEMO_IDENTITY.secretAccessKey}`,
    `[profile -dash]\nregion = us-west-1\n${KEYS}`,
    `[profile =equals]\nregion = us-west-1\n${KEYS}`,
    // Object-key names (issue 9 item 4): neither break the list nor leak through the SDK.
    `[profile constructor]\nregion = eu-west-2\n${KEYS}`,
    `[profile toString]\nregion = eu-west-2\n${KEYS}`,
    `[profile valueOf]\nregion = eu-west-2\n${KEYS}`,
    `[profile hasOwnProperty]\nregion = eu-west-2\n${KEYS}`,
    `[profile __proto__]\nregion = eu-west-2\n${KEYS}`,
    // [profile default] after [default]: the later one counts.
    `[profile default]\nregion = us-east-2`,
    // Endpoints.
    `[profile custom-endpoint]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4599\n${KEYS}`,
    `[profile services-case]\nregion = us-east-1\nservices = local\nendpoint_url = http://127.0.0.1:4598\n${KEYS}`,
    `[services local]\nConnect =\n  endpoint_url = http://127.0.0.1:4597`,
    `[profile services-missing]\nregion = us-east-1\nservices = nowhere\n${KEYS}`,
    `[profile ignore-endpoints]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4596\nignore_configured_endpoint_urls = True\n${KEYS}`,
    `[profile password-endpoint]\nregion = us-east-1\nendpoint_url = http://user:s3cret@127.0.0.1:4595\n${KEYS}`,
    // FIPS and dual-stack in the picked profile, any case.
    `[profile fips]\nregion = us-east-1\nuse_fips_endpoint = TRUE\n${KEYS}`,
    `[profile dualstack]\nregion = eu-west-2\nuse_dualstack_endpoint = true\n${KEYS}`,
    `[profile both]\nregion = us-gov-west-1\nuse_fips_endpoint = true\nUSE_DUALSTACK_ENDPOINT = True\n${KEYS}`,
    `[profile china-dualstack]\nregion = cn-north-1\nuse_dualstack_endpoint = true\n${KEYS}`,
    `[profile ca-home]\nregion = us-east-1\nca_bundle = ${caFile}\n${KEYS}`,
    // A section that is no profile for the CLI (three words).
    `[profile a b c]\nregion = us-east-1`,
  ];
  const credentials = [
    `[default]\n${KEYS}`,
    `[user1]\n${KEYS}`,
    `[two words]\n${KEYS}`,
    `[my dev box]\n${KEYS}`,
    `[profile in-creds]\n${KEYS}\nregion = us-east-1`,
    `[creds-only]\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\nAWS_SECRET_ACCESS_KEY = ${DEMO_IDENTITY.secretAccessKey}\nregion = eu-west-1`,
    `[constructor]\naws_session_token = not-a-token-but-must-stay-off-Object`,
  ];
  const names = [
    'default', 'user1', 'marketingadmin', 'env-role', 'my-sso', 'legacy-sso', 'helper', 'web', 'in-config', 'upper-region', 'shouting',
    'quoted name', 'two-spaces', 'dev(eu)', 'café', 'a,b', 'no-keys', 'colon', '-dash', '=equals',
    'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__',
    'custom-endpoint', 'services-case', 'services-missing', 'ignore-endpoints', 'password-endpoint',
    'fips', 'dualstack', 'both', 'china-dualstack', 'ca-home', 'a b c',
    'two words', 'my dev box', 'profile in-creds', 'creds-only',
  ];
  return { config, credentials, names };
}

const NAME_CHARS = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@+%:/ ()é,ü#;'.split(''));
const TRUTH = fc.constantFrom(undefined, 'true', 'True', 'TRUE', 'false', 'yes');

/** Generated profiles from a fixed seed: names over an adversarial alphabet, kinds, regions, flags, key case. */
function generated(count: number, regions: readonly string[], taken: readonly string[]): { config: string[]; credentials: string[]; names: string[] } {
  const profile = fc.record({
    name: fc.string({ unit: NAME_CHARS, minLength: 1, maxLength: 16 }).filter((n) => n.trim() === n && n !== '' && !/^[#;]/.test(n) && !taken.includes(n)),
    inCredentials: fc.boolean(),
    kind: fc.constantFrom('keys', 'keys', 'role', 'process', 'none'),
    region: fc.option(fc.constantFrom(...regions), { nil: undefined }),
    regionKey: fc.constantFrom('region', 'Region', 'REGION'),
    delimiter: fc.constantFrom(' = ', '=', ': '),
    fips: TRUTH,
    dualstack: TRUTH,
  });
  const profiles = fc.sample(fc.uniqueArray(profile, { minLength: count, maxLength: count, selector: (p) => p.name }), { seed: 20261204, numRuns: 1 })[0];
  const config: string[] = [];
  const credentials: string[] = [];
  for (const p of profiles) {
    const lines = [
      p.region && `${p.regionKey}${p.delimiter}${p.region}`,
      p.kind === 'keys' && KEYS.split('\n').join('\n'),
      p.kind === 'role' && `role_arn${p.delimiter}${CONNECT_ADMIN_ROLE.arn}\nsource_profile = user1`,
      p.kind === 'process' && `credential_process${p.delimiter}${CREDENTIAL_PROCESS_COMMAND}`,
      p.fips && `use_fips_endpoint = ${p.fips}`,
      p.dualstack && `use_dualstack_endpoint = ${p.dualstack}`,
    ].filter(Boolean);
    if (p.inCredentials && !/[[\]]/.test(p.name)) {
      credentials.push([`[${p.name}]`, ...lines].join('\n'));
    } else {
      config.push([profileHeader(p.name), ...lines].join('\n'));
    }
  }
  return { config, credentials, names: profiles.map((p) => p.name) };
}

export function generateFiles(options: { webIdentityTokenFile: string; caFile: string; generatedCount: number }): GeneratedFiles {
  // Real regions only here: a role's STS call is signed for the profile's region, and the emulator's
  // STS refuses pseudo-regions (aws-global …); the region matrix covers those with access keys.
  const regions = sdkPartitionRegions()
    .map((r) => r.region)
    .filter((region) => !region.startsWith('aws-'));
  const hand = handWritten(options.webIdentityTokenFile, options.caFile);
  const gen = generated(options.generatedCount, regions, hand.names);
  return {
    config: [...hand.config, ...gen.config].join('\n\n') + '\n',
    credentials: [...hand.credentials, ...gen.credentials].join('\n\n') + '\n',
    names: [...hand.names, ...gen.names],
  };
}

export { WEB_IDENTITY_TOKEN };
