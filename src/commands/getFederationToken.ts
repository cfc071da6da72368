import * as vscode from 'vscode';
import { App } from '../app';
import { awsCliCommand } from '../core/cliCommand';
import { Failure, explainFailure } from '../core/errors';
import { ConnectionInputs, planFetch, resolveConnection } from '../core/fetchPlan';
import { parseInstanceInput } from '../core/instanceRef';
import { loadAws } from '../core/lazyAws';
import { ProfileSummary, environmentProfile, needsMfaCode } from '../core/profiles';
import { ENVIRONMENT_PROFILE, FederationSession } from '../core/session';
import { fetchWithFeedback, reportFailure } from '../ui/fetchFeedback';
import { PickedInstance, pickInstance } from '../ui/instancePick';
import { pickProfile } from '../ui/profilePick';
import { pickRegion } from '../ui/regionPick';

/** Arguments for keybindings and tasks that fetch without the pickers. */
export interface GetFederationTokenArgs {
  readonly profile?: string;
  /** An instance ID or a full instance ARN. */
  readonly instance?: string;
  readonly region?: string;
}

/** What the command returns to a caller: never a secret (any extension can run commands). */
export interface FetchedSessionInfo {
  readonly sessionId: string;
  readonly instanceId: string;
  readonly region: string;
  readonly accessTokenExpiration: number;
}

const CONFIG_GUIDE = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html';

/** "Connect: Get Federation Token": profile → instance → (region) → fetch. */
export async function getFederationToken(app: App, args: GetFederationTokenArgs = {}): Promise<FetchedSessionInfo | undefined> {
  const profiles = await listProfiles(app);
  if (!profiles) {
    return undefined;
  }
  const profile = await chooseProfile(app, profiles, args.profile);
  if (!profile) {
    return undefined;
  }
  const inputs: ConnectionInputs = { profileName: profile.name, profile, settings: app.settings(), env: app.env() };
  // Credentials resolve while the instance is being picked; a role with MFA asks for its code first,
  // since the code prompt cannot share the screen with the pick.
  const early = resolveConnection(inputs);
  const credentialCheck = app.service.checkCredentials(profile.name, true, early.ok ? early.transport : undefined);
  const retry = () => getFederationToken(app, { ...args, profile: profile.name });
  if (needsMfaCode(profile, profiles) && (await reportedCredentialFailure(app, credentialCheck, profile.name, retry))) {
    return undefined;
  }
  const instance =
    args.instance !== undefined
      ? instanceFromArgument(app, profile.name, args.instance, args.region)
      : await chooseInstance(app, inputs, credentialCheck.then((failure) => failure !== undefined), args.region);
  if ((await reportedCredentialFailure(app, credentialCheck, profile.name, retry)) || !instance) {
    return undefined;
  }
  let connection = resolveConnection({ ...inputs, instanceRegion: instance.ref.region ?? args.region, pickedRegion: instance.pickedRegion });
  if (connection.ok && !connection.region) {
    const picked = await pickRegion(profile.name);
    if (!picked) {
      return undefined;
    }
    connection = resolveConnection({ ...inputs, pickedRegion: picked });
  }
  if (!connection.ok || !connection.region) {
    void vscode.window.showErrorMessage(connection.ok ? 'No region was chosen.' : connection.reason);
    return undefined;
  }
  const plan = planFetch(inputs, { ...connection, region: connection.region }, { ...instance.ref, alias: instance.alias });
  const session = await fetchWithFeedback(app, plan);
  return session && info(session);
}

/** Waits for the credential check; when it failed, says so (with its remedies) and returns true. */
async function reportedCredentialFailure(
  app: App,
  check: Promise<Failure | undefined>,
  profile: string,
  retry: () => Promise<unknown>,
): Promise<boolean> {
  const failure = await check;
  if (failure) {
    void reportFailure(app, failure, profile, retry);
  }
  return failure !== undefined;
}

/** Profiles of both shared files, plus an "Environment" entry when credentials are in the environment. */
async function listProfiles(app: App): Promise<ProfileSummary[] | undefined> {
  try {
    const profiles = await loadAws().listProfiles();
    for (const note of loadAws().sharedConfigNotes()) {
      app.log.warn(`AWS config: ${note}`);
    }
    const fromEnvironment = environmentProfile(app.env(), ENVIRONMENT_PROFILE);
    return fromEnvironment ? [fromEnvironment, ...profiles] : profiles;
  } catch (error) {
    app.log.warn(`Reading the AWS config files failed: ${String(error)}`);
    void vscode.window.showErrorMessage(`Could not read your AWS config files: ${(error as Error).message}. Fix the file, then try again.`);
    return undefined;
  }
}

async function chooseProfile(app: App, profiles: readonly ProfileSummary[], requested: string | undefined): Promise<ProfileSummary | undefined> {
  if (requested !== undefined) {
    const found = profiles.find((p) => p.name === requested);
    if (!found) {
      void vscode.window.showErrorMessage(
        `Profile ${requested} is not in your AWS config or credentials file. Check the name, or create it with "aws configure --profile ${requested}".`,
      );
    }
    return found;
  }
  if (profiles.length === 0) {
    const guide = 'Configuration Guide';
    void vscode.window
      .showErrorMessage(
        'No AWS profiles found (~/.aws/config, ~/.aws/credentials, or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name). ' +
          'Create one with "aws configure sso" (IAM Identity Center) or "aws configure" (access keys), then try again.',
        guide,
      )
      .then((choice) => choice === guide && vscode.env.openExternal(vscode.Uri.parse(CONFIG_GUIDE)));
    return undefined;
  }
  return pickProfile(profiles, { envProfile: app.env().AWS_PROFILE, lastUsed: app.recents.lastProfile });
}

type ChosenInstance = PickedInstance & { readonly pickedRegion?: string };

function instanceFromArgument(app: App, profile: string, text: string, region: string | undefined): ChosenInstance | undefined {
  const parsed = parseInstanceInput(text);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`Instance "${text}": ${parsed.reason}`);
    return undefined;
  }
  const recent = app.recents.instances(profile).find((r) => r.instanceId === parsed.ref.instanceId);
  return { ref: { ...parsed.ref, region: parsed.ref.region ?? region ?? recent?.region }, alias: recent?.alias };
}

/** The instance pick, listing the region given (argument), configured, or picked; offers a region pick when there is none. */
async function chooseInstance(
  app: App,
  inputs: ConnectionInputs,
  closeWhen: Promise<boolean>,
  regionArgument: string | undefined,
): Promise<ChosenInstance | undefined> {
  let pickedRegion: string | undefined;
  for (;;) {
    const connection = resolveConnection({ ...inputs, instanceRegion: regionArgument, pickedRegion });
    if (!connection.ok) {
      void vscode.window.showErrorMessage(connection.reason);
      return undefined;
    }
    const region = connection.region?.value;
    const target = region ? { profile: inputs.profileName, region, endpoint: connection.endpoint?.value, transport: connection.transport } : undefined;
    const result = await pickInstance({
      profileLabel: inputs.profileName,
      recents: app.recents.instances(inputs.profileName),
      listingRegion: region,
      listInstances: target && ((signal) => app.service.listInstances(target, signal)),
      explainListingError: (error) =>
        explainFailure(error, {
          operation: 'ListInstances',
          profile: inputs.profileName,
          profileExists: inputs.profile !== undefined,
          region: region ?? '',
          endpoint: target?.endpoint,
        }).message,
      closeWhen,
      cliCommandFor: (instance) => {
        const at = resolveConnection({ ...inputs, pickedRegion, instanceRegion: instance.ref.region });
        return at.ok && at.region ? awsCliCommand(planFetch(inputs, { ...at, region: at.region }, instance.ref)) : undefined;
      },
    });
    if (result !== 'pickRegion') {
      return result && { ...result, pickedRegion };
    }
    pickedRegion = await pickRegion(inputs.profileName);
    if (!pickedRegion) {
      return undefined;
    }
  }
}

export function info(session: FederationSession): FetchedSessionInfo {
  return {
    sessionId: session.id,
    instanceId: session.instanceId,
    region: session.region,
    accessTokenExpiration: session.credentials.accessTokenExpiration,
  };
}
