import * as vscode from 'vscode';
import { App } from './app';
import { fetchAgain, heldOrSay, openSignInUrl } from './commands/sessionCommands';
import { ExpiryCoordinator, RefetchResult } from './core/expiryCoordinator';
import { ExpiryActionSettings } from './core/expiryPlanner';
import { expiryStatus } from './core/expiry';
import { FederationSession, describeTarget, hasSignInUrl, localExpiry } from './core/session';
import { planForSession } from './sessionPlan';

/** How an unexpected throw shows in the view and the tooltip: the runner logged and showed the details. */
const UNEXPECTED = { kind: 'unexpected', message: 'an unexpected error (Show Log has the details)' };

/**
 * Acts on the planner's decisions at each tick: a notification before a token expires (with
 * "Fetch Again" and "Open Sign-In Page"), or a quiet automatic re-fetch whose failures only the
 * tree and the status bar show. Each runs through the command runner, and once across windows
 * (the coordinator claims it first).
 */
export class ExpiryActions {
  constructor(
    private readonly app: App,
    private readonly coordinator: ExpiryCoordinator,
    private readonly settings: () => ExpiryActionSettings,
    /** Called when a re-fetch's state changed, so the tree and status bar show it. */
    private readonly changed: () => void,
  ) {}

  run(): void {
    const handlers = {
      notify: (session: FederationSession) => void this.app.runner.background('Expiry notification', () => this.notify(session)),
      refetch: (session: FederationSession) => this.refetch(session),
      refetchEnded: (session: FederationSession, result: RefetchResult) => {
        if (result.ok) {
          this.app.log.info(`Automatic re-fetch of ${describeTarget(session)} succeeded`);
        } else {
          this.app.log.warn(`Automatic re-fetch of ${describeTarget(session)} failed: ${result.failure.message}`);
        }
        this.changed();
      },
    };
    void this.app.runner.background('Expiry check', () => this.coordinator.run(this.app.store.list(), this.settings(), handlers));
  }

  private async notify(session: FederationSession): Promise<void> {
    // An infinite threshold words it as "expires in …", without "valid".
    const status = expiryStatus(localExpiry(session).access, this.app.clock.now(), Infinity);
    const fetch = 'Fetch Again';
    const open = 'Open Sign-In Page';
    // A session the service sent no sign-in URL has no page to open.
    const choice = await vscode.window.showWarningMessage(`The federation token for ${describeTarget(session)} ${status.text}.`, fetch, ...(hasSignInUrl(session) ? [open] : []));
    if (!choice) {
      return;
    }
    // The user's click: the session as held by then (it may have been fetched again meanwhile).
    const held = heldOrSay(this.app, session.id);
    if (held) {
      await (choice === fetch ? fetchAgain(this.app, held) : openSignInUrl(this.app, held));
    }
  }

  private async refetch(session: FederationSession): Promise<RefetchResult> {
    try {
      const planned = await planForSession(this.app, session);
      if ('reason' in planned) {
        return { ok: false, failure: { kind: 'configuration', message: planned.reason } };
      }
      return await this.app.service.fetch(planned.plan, undefined, { background: true });
    } catch (error) {
      // A throw is one more failure (the backoff retries it); the runner logs it and shows it once.
      void this.app.runner.background('Automatic re-fetch', () => Promise.reject(error));
      return { ok: false, failure: UNEXPECTED };
    }
  }
}
