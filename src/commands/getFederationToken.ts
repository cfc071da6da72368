import * as vscode from 'vscode';
import { App } from '../app';
import { awsCliCommand } from '../core/cliCommand';
import { FetchArgs, parseFetchArgs } from '../core/commandArgs';
import { roleSessionNameFor } from '../core/connectUser';
import { Failure, explainFailure } from '../core/errors';
import { ConnectionInputs, ConnectionResult, planFetch, resolveConnection } from '../core/fetchPlan';
import { loadAws } from '../core/lazyAws';
import { prepareExpiryFormats } from '../core/localTime';
import { ProfileSummary, environmentProfile, needsMfaCode } from '../core/profiles';
import { ENVIRONMENT_PROFILE, FederationSession } from '../core/session';
import { StepContext, StepOutcome, runSteps } from '../core/stepFlow';
import { fetchWithFeedback, reportFailure } from '../ui/fetchFeedback';
import { PickedInstance, pickInstance } from '../ui/instancePick';
import { MfaPrompt } from '../ui/mfaPrompt';
import { pickProfile } from '../ui/profilePick';
import { PickResult, StepPosition } from '../ui/quickPick';
import { pickRegion } from '../ui/regionPick';
import { terminalShell } from '../ui/terminalShell';

/** What the command returns to a caller: never a secret (any extension can run commands). */
export interface FetchedSessionInfo {
  readonly sessionId: string;
  readonly instanceId: string;
  readonly region: string;
  readonly accessTokenExpiration: number;
}

const CONFIG_GUIDE = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html';

type Step = 'profile' | 'mfa' | 'instance' | 'region';

/** What the user has answered so far: every step reads and writes it, so Back finds the earlier answers. */
interface FlowState {
  readonly args: FetchArgs;
  readonly profiles: readonly ProfileSummary[];
  profile?: ProfileSummary;
  /** The role session name the argument chose instead of the profile's (undefined: the profile's own). */
  roleSessionName?: string;
  /** The settings and environment, read once per profile choice. */
  inputs?: ConnectionInputs;
  /** The chosen profile's credential check, started as soon as it was chosen. */
  credentials?: Promise<Failure | undefined>;
  instance?: PickedInstance;
  /** What is typed in the instance pick. */
  instanceText?: string;
  pickedRegion?: string;
}

/** Answers of a run left with Escape: the next run starts on them. */
type Remembered = Pick<FlowState, 'instanceText' | 'pickedRegion'> & { readonly profile?: string };

/**
 * "Connect: Get Federation Token": profile → MFA code (when the profile needs one) → instance →
 * region (when nothing names one) → fetch, as steps over one state, with Back. Arguments answer
 * their steps, which are then skipped.
 */
export class GetFederationToken {
  private remembered: Remembered = {};

  constructor(
    private readonly app: App,
    private readonly mfa: MfaPrompt,
  ) {}

  /** The command: its argument checked first. */
  readonly run = async (arg: unknown): Promise<FetchedSessionInfo | undefined> => {
    const args = parseFetchArgs(arg);
    if (!args.ok) {
      void vscode.window.showErrorMessage(`Get Federation Token: ${args.reason}`);
      return undefined;
    }
    return this.fetch(args.value);
  };

  async fetch(args: FetchArgs): Promise<FetchedSessionInfo | undefined> {
    // Off the path from the answer to the view, like the SDK's load (listProfiles).
    prepareExpiryFormats();
    const profiles = await this.listProfiles();
    if (!profiles) {
      return undefined;
    }
    const state: FlowState = { args, profiles };
    const done = await runSteps<Step>('profile', (step, context) => this.step(step, state, context));
    if (!done) {
      this.remembered = { profile: state.profile?.name, instanceText: state.instanceText, pickedRegion: state.pickedRegion };
      return undefined;
    }
    this.remembered = {};
    const session = await this.finish(state);
    return session && info(session);
  }

  private step(step: Step, state: FlowState, context: StepContext): Promise<StepOutcome<Step>> {
    const position = this.position(step, state, context);
    switch (step) {
      case 'profile':
        return this.profileStep(state, position);
      case 'mfa':
        return this.mfaStep(state, position);
      case 'instance':
        return this.instanceStep(state, position);
      case 'region':
        return this.regionStep(state, position);
    }
  }

  private async profileStep(state: FlowState, position: StepPosition): Promise<StepOutcome<Step>> {
    const { profiles, args } = state;
    if (args.profile !== undefined) {
      const found = profiles.find((p) => p.name === args.profile);
      if (!found) {
        void vscode.window.showErrorMessage(
          `Profile ${args.profile} is not in your AWS config or credentials file. Check the name, or create it with "aws configure --profile ${args.profile}".`,
        );
        return 'cancel';
      }
      return this.choose(state, found) ? { next: this.afterProfile(state), revisit: false } : 'cancel';
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
      return 'cancel';
    }
    const picked = await pickProfile(
      profiles,
      { envProfile: this.app.env().AWS_PROFILE, lastUsed: this.app.recents.lastProfile, chosen: state.profile?.name ?? this.remembered.profile },
      position,
    );
    if (picked.kind !== 'picked') {
      return leftWith(picked);
    }
    return this.choose(state, picked.value) ? { next: this.afterProfile(state) } : 'cancel';
  }

  /**
   * A profile chosen: what depended on another one goes, and its credentials start resolving (unless
   * it asks for a code: that is a step). False, said why, when the roleSessionName argument cannot apply to it.
   */
  private choose(state: FlowState, profile: ProfileSummary): boolean {
    const roleSessionName = roleSessionNameFor(profile, state.args.roleSessionName);
    if (!roleSessionName.ok) {
      void vscode.window.showErrorMessage(`Get Federation Token: ${roleSessionName.reason}`);
      return false;
    }
    state.roleSessionName = roleSessionName.value;
    if (state.profile?.name !== profile.name) {
      const earlier = profile.name === this.remembered.profile ? this.remembered : {};
      state.instance = undefined;
      state.instanceText = earlier.instanceText;
      state.pickedRegion = earlier.pickedRegion;
    }
    state.profile = profile;
    state.inputs = { profileName: profile.name, profile, settings: this.app.settings(), env: this.app.env() };
    state.credentials = this.needsMfa(state) ? undefined : this.checkCredentials(state);
    return true;
  }

  private checkCredentials(state: FlowState): Promise<Failure | undefined> {
    const early = this.connection(state);
    return this.app.service.checkCredentials({
      profile: state.profile!.name,
      profileExists: true,
      transport: early.ok ? early.transport : undefined,
      roleSessionName: state.roleSessionName,
    });
  }

  private needsMfa(state: FlowState): boolean {
    return state.profile !== undefined && needsMfaCode(state.profile, state.profiles);
  }

  private afterProfile(state: FlowState): Step {
    return this.needsMfa(state) ? 'mfa' : 'instance';
  }

  /** The code prompt cannot share the screen with the instance pick, so it comes first: a one-time code is never asked again by Back. */
  private async mfaStep(state: FlowState, position: StepPosition): Promise<StepOutcome<Step>> {
    const { result: failure, back } = await this.mfa.asStep(position, () => (state.credentials = this.checkCredentials(state)));
    if (back) {
      return 'back';
    }
    if (failure) {
      void reportFailure(this.app, failure, state.profile!.name, () => this.retry(state));
      return 'cancel';
    }
    return { next: 'instance', revisit: false };
  }

  private async instanceStep(state: FlowState, position: StepPosition): Promise<StepOutcome<Step>> {
    const { args } = state;
    if (args.instance) {
      const recent = this.app.recents.instances(state.profile!.name).find((r) => r.instanceId === args.instance!.instanceId);
      state.instance = { ref: { ...args.instance, region: args.instance.region ?? args.region ?? recent?.region }, alias: recent?.alias };
      return this.regionUnknown(state) ? { next: 'region', revisit: false } : 'done';
    }
    const connection = this.connection(state, args.region);
    if (!connection.ok) {
      void vscode.window.showErrorMessage(connection.reason);
      return 'cancel';
    }
    const inputs = state.inputs!;
    const region = connection.region?.value;
    const target = region
      ? { profile: inputs.profileName, region, endpoint: connection.endpoint?.value, transport: connection.transport, roleSessionName: state.roleSessionName }
      : undefined;
    if (target) {
      // Who signs in is asked while the user picks, once the credentials are known good.
      void state.credentials?.then((failure) => failure === undefined && this.app.service.askCallerAhead({ ...target, stsEndpoint: connection.stsEndpoint?.value }));
    }
    const picked = await pickInstance(
      {
        profileLabel: inputs.profileName,
        recents: this.app.recents.instances(inputs.profileName),
        listingRegion: region,
        listInstances: target && ((signal) => this.app.service.listInstances(target, signal)),
        explainListingError: (error) =>
          explainFailure(error, {
            operation: 'ListInstances',
            profile: inputs.profileName,
            profileExists: inputs.profile !== undefined,
            region: region ?? '',
            endpoint: target?.endpoint,
          }).message,
        closeWhen: state.credentials?.then((failure) => failure !== undefined),
        cliCommandFor: (instance) => {
          const at = this.connection(state, instance.ref.region);
          return at.ok && at.region ? awsCliCommand(planFetch(inputs, { ...at, region: at.region }, instance.ref), terminalShell()) : undefined;
        },
        value: state.instanceText,
        onDidType: (value) => (state.instanceText = value),
      },
      position,
    );
    if (picked.kind !== 'picked') {
      return leftWith(picked);
    }
    if (picked.value === 'credentialsFailed') {
      // The pick closed itself: the flow ends here, so what went wrong is said here (a retry comes back to this pick).
      const failure = await state.credentials;
      if (failure) {
        void reportFailure(this.app, failure, inputs.profileName, () => this.retry(state));
      }
      return 'cancel';
    }
    if (picked.value === 'pickRegion') {
      return { next: 'region' };
    }
    state.instance = picked.value.instance;
    return this.regionUnknown(state) ? { next: 'region' } : 'done';
  }

  private async regionStep(state: FlowState, position: StepPosition): Promise<StepOutcome<Step>> {
    const picked = await pickRegion(state.profile!.name, position, state.pickedRegion);
    if (picked.kind !== 'picked') {
      return leftWith(picked);
    }
    state.pickedRegion = picked.value;
    // Picked to list instances: back to the instance pick, which now lists them.
    return state.instance ? 'done' : { next: 'instance' };
  }

  /** The steps this run shows, as far as known: what numbers the step in hand. */
  private position(step: Step, state: FlowState, context: StepContext): StepPosition {
    const steps: Step[] = [
      ...(state.args.profile === undefined ? (['profile'] as const) : []),
      ...(this.needsMfa(state) ? (['mfa'] as const) : []),
      ...(state.args.instance === undefined ? (['instance'] as const) : []),
      ...(state.profile && (state.pickedRegion !== undefined || this.regionUnknown(state)) ? (['region'] as const) : []),
    ];
    return { step: Math.max(steps.indexOf(step), 0) + 1, totalSteps: Math.max(steps.length, 1), canGoBack: context.canGoBack };
  }

  /** Whether nothing (an ARN, the argument, the settings, the profile, the environment) names the region. */
  private regionUnknown(state: FlowState): boolean {
    const connection = this.connection(state, state.instance?.ref.region ?? state.args.region);
    return connection.ok && !connection.region;
  }

  /** The connection for the chosen profile (and an instance's region), with the region picked, if any. */
  private connection(state: FlowState, instanceRegion?: string): ConnectionResult {
    return resolveConnection({ ...state.inputs!, instanceRegion, pickedRegion: state.pickedRegion });
  }

  /** Every step answered: the credentials' verdict, then the request. */
  private async finish(state: FlowState): Promise<FederationSession | undefined> {
    const profile = state.profile!;
    const failure = await state.credentials;
    if (failure) {
      void reportFailure(this.app, failure, profile.name, () => this.retry(state));
      return undefined;
    }
    const instance = state.instance!;
    const connection = this.connection(state, instance.ref.region ?? state.args.region);
    if (!connection.ok || !connection.region) {
      void vscode.window.showErrorMessage(connection.ok ? 'No region was chosen.' : connection.reason);
      return undefined;
    }
    const plan = planFetch(state.inputs!, { ...connection, region: connection.region }, { ...instance.ref, alias: instance.alias }, state.roleSessionName);
    return fetchWithFeedback(this.app, plan);
  }

  private retry(state: FlowState): Promise<unknown> {
    return this.fetch({ ...state.args, profile: state.profile!.name });
  }

  /** Profiles of both shared files, plus an "Environment" entry when credentials are in the environment. */
  private async listProfiles(): Promise<ProfileSummary[] | undefined> {
    try {
      const profiles = await loadAws().listProfiles();
      for (const note of loadAws().sharedConfigNotes()) {
        this.app.log.warn(`AWS config: ${note}`);
      }
      const fromEnvironment = environmentProfile(this.app.env(), ENVIRONMENT_PROFILE);
      return fromEnvironment ? [fromEnvironment, ...profiles] : profiles;
    } catch (error) {
      this.app.log.warn(`Reading the AWS config files failed: ${String(error)}`);
      void vscode.window.showErrorMessage(`Could not read your AWS config files: ${(error as Error).message}. Fix the file, then try again.`);
      return undefined;
    }
  }
}

/** What Back or Escape in a step's input means for the flow. */
function leftWith(result: PickResult<unknown> & { kind: 'back' | 'cancelled' }): StepOutcome<Step> {
  return result.kind === 'back' ? 'back' : 'cancel';
}

export function info(session: FederationSession): FetchedSessionInfo {
  return {
    sessionId: session.id,
    instanceId: session.instanceId,
    region: session.region,
    accessTokenExpiration: session.credentials.accessTokenExpiration,
  };
}
