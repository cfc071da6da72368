import * as vscode from 'vscode';
import { App } from '../app';
import { Failure, FailureAction } from '../core/errors';
import { formatExpiry } from '../core/localTime';
import { FetchPlan } from '../core/fetchPlan';
import { FederationSession, describeTarget, hasSignInUrl, localExpiry } from '../core/session';
import { pickConnectUser } from './connectUserPick';
import { runSsoLogin } from './ssoLogin';

const ACTION_LABELS: Record<FailureAction, string> = {
  retry: 'Try Again',
  ssoLogin: 'Run aws sso login',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
  chooseUser: 'Sign in as another Connect user…',
};

/** A fetch that answers within this time shows no progress notification (it would only flash). */
export const PROGRESS_DELAY_MS = 400;

/**
 * Fetches, under a cancellable progress notification once it takes longer than PROGRESS_DELAY_MS,
 * then says how it went: the session and a button to open the sign-in page, or what went wrong and
 * what to do about it.
 */
export async function fetchWithFeedback(app: App, plan: FetchPlan): Promise<FederationSession | undefined> {
  const abort = new AbortController();
  const fetched = app.service.fetch(plan, abort.signal);
  const outcome =
    (await settledWithin(fetched, PROGRESS_DELAY_MS)) ??
    (await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Getting a federation token for ${describeTarget(plan)}…`,
        cancellable: true,
      },
      (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return fetched;
      },
    ));
  if (outcome.ok) {
    void announce(app, outcome.session);
    return outcome.session;
  }
  void reportFailure(app, outcome.failure, plan.profile, () => fetchWithFeedback(app, plan), async () => {
    // Another session beside any of the profile's others: the same profile and instance, another Connect user.
    const chosen = await pickConnectUser(app, plan);
    return chosen && fetchWithFeedback(app, { ...plan, roleSessionName: chosen.roleSessionName });
  });
  return undefined;
}

/** The promise's value if it settles within `ms`, else undefined. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function announce(app: App, session: FederationSession): Promise<void> {
  const open = 'Open Sign-In Page';
  const expires = `Federation token for ${describeTarget(session)}: access token expires ${formatExpiry(localExpiry(session).access, app.clock.now())}.`;
  if (!hasSignInUrl(session)) {
    void vscode.window.showInformationMessage(`${expires} Amazon Connect sent no sign-in URL with it.`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(expires, open);
  if (choice === open) {
    // Where every sign-in page goes: the URL checked, the browser and its isolation as configured.
    await app.browser.open(session);
  }
}

/**
 * Shows what went wrong with buttons for what to do; "Try Again" (and a successful SSO login) runs
 * `retry`, "Sign in as another Connect user…" `chooseUser`.
 */
export async function reportFailure(
  app: App,
  failure: Failure,
  profile: string,
  retry: () => Promise<unknown>,
  chooseUser?: () => Promise<unknown>,
): Promise<void> {
  if (failure.kind === 'cancelled') {
    vscode.window.setStatusBarMessage('$(circle-slash) Federation token request cancelled', 4000);
    return;
  }
  const actions = failure.actions.filter((a) => a !== 'chooseUser' || chooseUser);
  const choice = await vscode.window.showErrorMessage(failure.message, ...actions.map((a) => ACTION_LABELS[a]));
  const action = failure.actions.find((a) => ACTION_LABELS[a] === choice);
  switch (action) {
    case 'retry':
      await retry();
      break;
    case 'ssoLogin':
      if (await runSsoLogin(profile, app.settings().caBundle)) {
        await retry();
      }
      break;
    case 'showLog':
      app.log.show();
      break;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'connectFederation');
      break;
    case 'chooseUser':
      await chooseUser?.();
      break;
  }
}
