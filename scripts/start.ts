/**
 * `npm start` (after `npm run package`): the one-command demo. A real VS Code (code-server) with the
 * packaged extension installed, against the local Connect emulator, in a throwaway HOME whose AWS
 * files hold the profiles `demo` and `root`. Ctrl-C stops everything and removes the temp folders.
 *
 * Ports: CONNECT_FEDERATION_PORT (VS Code) and CONNECT_FEDERATION_EMULATOR_PORT; default free ports.
 */
import { appendFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  CONNECT_ADMIN_MFA_ROLE,
  DEMO_IDENTITY,
  DEMO_INSTANCE,
  DEMO_REGION,
  MFA_CODE,
  MFA_SERIAL,
  ROOT_IDENTITY,
  SSO_ACCOUNT_ID,
  SSO_REGION,
  SSO_ROLE_NAME,
  SSO_START_URL,
} from '../test/emulator/fixtures';
import { startEmulator } from '../test/emulator/server';
import { writeSsoTokenCache } from '../test/emulator/ssoCache';
import { writeAwsProfiles } from '../test/vscode/awsProfiles';
import { CodeServer } from '../test/vscode/codeServer';
import { ensureTools } from '../test/vscode/tools';
import { REPO_ROOT, abortOnSignals, aborted, logFile } from '../test/vscode/util';

const VSIX = path.join(REPO_ROOT, 'dist/connect-federation.vsix');

function portFromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (!text) {
    return undefined;
  }
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a port number, not '${text}'`);
  }
  return port;
}

/** Two more ways to sign in: a role assumed with MFA, and IAM Identity Center with a live session. */
function writeSignInProfiles(home: string, endpointUrl: string): void {
  appendFileSync(
    path.join(home, '.aws', 'config'),
    [
      `\n[profile role-mfa]\nregion = ${DEMO_REGION}\nendpoint_url = ${endpointUrl}\nrole_arn = ${CONNECT_ADMIN_MFA_ROLE.arn}\nsource_profile = ${DEMO_IDENTITY.name}\nmfa_serial = ${MFA_SERIAL}\n`,
      `\n[profile sso]\nregion = ${DEMO_REGION}\nendpoint_url = ${endpointUrl}\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\n`,
    ].join(''),
  );
  writeSsoTokenCache({ home });
}

async function main(): Promise<void> {
  if (!existsSync(VSIX)) {
    throw new Error(`${VSIX} is missing: \`npm start\` packages it first (\`npm run package\`).`);
  }
  const signal = abortOnSignals();
  const tools = await ensureTools();
  const emulator = await startEmulator({ port: portFromEnv('CONNECT_FEDERATION_EMULATOR_PORT') });
  // Sign-in URLs lead to the emulator's stand-in page rather than to an unreachable *.my.connect.aws
  // (code-server opens them through its /proxy/PORT/ path, without a prompt).
  emulator.configure({ signInBaseUrl: emulator.url });
  const server = new CodeServer(tools, {
    log: logFile('code-server-start.log'),
    port: portFromEnv('CONNECT_FEDERATION_PORT'),
    // As a developer's shell would have it: the profile picker offers `demo` first. The SDK's STS and
    // SSO clients reach the emulator through the standard variables.
    env: { AWS_PROFILE: DEMO_IDENTITY.name, AWS_ENDPOINT_URL_STS: emulator.url, AWS_ENDPOINT_URL_SSO: emulator.url },
  });
  try {
    writeAwsProfiles(server.home, emulator.url, [DEMO_IDENTITY, ROOT_IDENTITY]);
    writeSignInProfiles(server.home, emulator.url);
    await server.installExtension(VSIX);
    await server.start();
    console.log(
      [
        '',
        `Open ${server.url}/?folder=${encodeURIComponent(server.workspace)}`,
        '',
        `Connect emulator: ${emulator.url}. AWS profiles in a temp HOME (${server.home}):`,
        `  demo      ${DEMO_IDENTITY.description ?? ''}`,
        `  root      ${ROOT_IDENTITY.description ?? ''}`,
        `  role-mfa  assumes ${CONNECT_ADMIN_MFA_ROLE.name} with MFA: the code is ${MFA_CODE}`,
        '  sso       IAM Identity Center, signed in (a cached SSO token)',
        `Try: F1 > "Connect: Get Federation Token", profile demo, instance ${DEMO_INSTANCE.alias} (${DEMO_REGION}).`,
        'Ctrl-C stops everything.',
      ].join('\n'),
    );
    await aborted(signal);
  } catch (error) {
    if (!signal.aborted) {
      throw error;
    }
  } finally {
    await server.stop();
    await emulator.close();
    console.log('Stopped code-server and the Connect emulator; temp folders removed.');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
