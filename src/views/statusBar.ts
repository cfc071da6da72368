import * as vscode from 'vscode';
import { Clock } from '../core/clock';
import { ExpiryState, expiryStatus, formatExpiry } from '../core/expiry';
import { RefetchState, describeRefetchFailure } from '../core/expiryPlanner';
import { FederationSession, describeTarget, localExpiry, sessionLabel } from '../core/session';
import { SessionStore } from '../core/sessionStore';

export const STATUS_MENU_COMMAND = 'connectFederation.showStatusMenu';

const BACKGROUNDS: Record<ExpiryState, vscode.ThemeColor | undefined> = {
  valid: undefined,
  expiring: new vscode.ThemeColor('statusBarItem.warningBackground'),
  expired: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/** Counts down to the soonest access-token expiry among held sessions; hidden when none is held. */
export class ExpiryStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** Whether the item is shown (StatusBarItem itself does not say). */
  visible = false;

  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly warnBeforeMs: () => number,
    private readonly refetchState: (session: FederationSession) => RefetchState | undefined,
  ) {
    this.item = vscode.window.createStatusBarItem('connectFederation.expiry', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Connect Federation Token';
    this.item.command = STATUS_MENU_COMMAND;
  }

  update(): void {
    const sessions = this.store.list();
    const now = this.clock.now();
    // The token that runs out next; an expired one only when every one has.
    const soonest = sessions.find((s) => localExpiry(s).access > now) ?? sessions[0];
    this.visible = soonest !== undefined;
    if (!soonest) {
      this.item.hide();
      return;
    }
    const expiry = localExpiry(soonest);
    const status = expiryStatus(expiry.access, now, this.warnBeforeMs());
    const others = sessions.length > 1 ? ` +${sessions.length - 1}` : '';
    this.item.text = `$(${status.state === 'expired' ? 'error' : 'watch'}) ${sessionLabel(soonest)} ${status.countdown}${others}`;
    this.item.backgroundColor = BACKGROUNDS[status.state];
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**Connect federation token**: ${describeTarget(soonest)}`,
        `Access token expires ${formatExpiry(expiry.access, now)}`,
        `Refresh token expires ${formatExpiry(expiry.refresh, now)}`,
        describeRefetchFailure(this.refetchState(soonest)),
        sessions.length > 1 ? `${sessions.length} sessions held; this one is the next to expire.` : undefined,
        'Click for actions.',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    this.item.accessibilityInformation = { label: `Connect federation token for ${sessionLabel(soonest)}: ${status.text}` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
