import * as vscode from 'vscode';
import { App } from '../app';
import { Failure, FailureAction } from '../core/errors';
import { formatExpiry } from '../core/expiry';
import { FetchPlan } from '../core/fetchPlan';
import { FederationSession, describeTarget, localExpiry } from '../core/session';
import { openExternalUrl } from './openExternal';
import { runSsoLogin } from './ssoLogin';

const ACTION_LABELS: Record<FailureAction, string> = {
  retry: 'Try Again',
  ssoLogin: 'Run aws sso login',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
};

/**
 * Fetches under a cancellable progress notification, then says how it went: the session and a
 * button to open the sign-in page, or what went wrong and what to do about it.
 */
export async function fetchWithFeedback(app: App, plan: FetchPlan): Promise<FederationSession | undefined> {
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Getting a federation token for ${describeTarget(plan)}…`,
      cancellable: true,
    },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return app.service.fetch(plan, abort.signal);
    },
  );
  if (outcome.ok) {
    void announce(app, outcome.session);
    return outcome.session;
  }
  void reportFailure(app, outcome.failure, plan.profile, () => fetchWithFeedback(app, plan));
  return undefined;
}

async function announce(app: App, session: FederationSession): Promise<void> {
  const open = 'Open Sign-In Page';
  const choice = await vscode.window.showInformationMessage(
    `Federation token for ${describeTarget(session)}: access token expires ${formatExpiry(localExpiry(session).access, app.clock.now())}.`,
    open,
  );
  if (choice === open) {
    await openExternalUrl(session.signInUrl);
  }
}

/** Shows what went wrong with buttons for what to do; "Try Again" (and a successful SSO login) runs `retry`. */
export async function reportFailure(app: App, failure: Failure, profile: string, retry: () => Promise<unknown>): Promise<void> {
  if (failure.kind === 'cancelled') {
    vscode.window.setStatusBarMessage('$(circle-slash) Federation token request cancelled', 4000);
    return;
  }
  const choice = await vscode.window.showErrorMessage(failure.message, ...failure.actions.map((a) => ACTION_LABELS[a]));
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
  }
}
