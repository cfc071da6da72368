import * as vscode from 'vscode';
import { App } from './app';
import { openSignInUrl, fetchAgain } from './commands/sessionCommands';
import { ExpiryActionSettings, ExpiryPlanner } from './core/expiryPlanner';
import { expiryStatus } from './core/expiry';
import { FederationSession, describeTarget, localExpiry } from './core/session';
import { planForSession } from './sessionPlan';

/**
 * Acts on the planner's decisions at each tick: a notification before a token expires (with
 * "Fetch Again" and "Open Sign-In Page"), or a quiet automatic re-fetch whose failures only the
 * tree and the status bar show.
 */
export class ExpiryActions {
  constructor(
    private readonly app: App,
    private readonly planner: ExpiryPlanner,
    private readonly settings: () => ExpiryActionSettings,
    /** Called when a re-fetch's state changed, so the tree and status bar show it. */
    private readonly changed: () => void,
  ) {}

  run(): void {
    const { notify, refetch } = this.planner.due(this.app.store.list(), this.app.clock.now(), this.settings());
    notify.forEach((session) => void this.notify(session));
    refetch.forEach((session) => void this.refetch(session));
  }

  private async notify(session: FederationSession): Promise<void> {
    // An infinite threshold words it as "expires in …", without "valid".
    const status = expiryStatus(localExpiry(session).access, this.app.clock.now(), Infinity);
    const fetch = 'Fetch Again';
    const open = 'Open Sign-In Page';
    const choice = await vscode.window.showWarningMessage(`The federation token for ${describeTarget(session)} ${status.text}.`, fetch, open);
    if (choice === fetch) {
      await fetchAgain(this.app, { sessionId: session.id });
    } else if (choice === open) {
      await openSignInUrl(this.app, { sessionId: session.id });
    }
  }

  private async refetch(session: FederationSession): Promise<void> {
    this.planner.refetchStarted(session);
    const planned = await planForSession(this.app, session);
    const outcome = 'plan' in planned ? await this.app.service.fetch(planned.plan, undefined, { background: true }) : undefined;
    if (outcome?.ok) {
      this.planner.refetchSucceeded(session);
      this.app.log.info(`Automatic re-fetch of ${describeTarget(session)} succeeded`);
    } else {
      const failure = outcome ? outcome.failure : { kind: 'configuration', message: 'reason' in planned ? planned.reason : 'unknown' };
      this.planner.refetchFailed(session, this.app.clock.now(), failure);
      this.app.log.warn(`Automatic re-fetch of ${describeTarget(session)} failed: ${failure.message}`);
    }
    this.changed();
  }
}
