import * as vscode from 'vscode';
import { Clock } from '../core/clock';
import { labelText, plainText } from '../core/displayText';
import { ExpiryState, expiryStatus } from '../core/expiry';
import { formatExpiry } from '../core/localTime';
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
    // Aliases and profile names come from outside: no `$(icon)`, markdown or control character of theirs gets through.
    this.item.text = `$(${status.state === 'expired' ? 'error' : 'watch'}) ${labelText(sessionLabel(soonest), 60)} ${status.countdown}${others}`;
    this.item.backgroundColor = BACKGROUNDS[status.state];
    // Plain text, not markdown: the extension host parses a markdown tooltip at every update (≈ 20 ms
    // the first time, between the answer and the tree showing it), and plain text cannot render as anything else.
    this.item.tooltip = [
      `Connect federation token: ${plainText(describeTarget(soonest))}`,
      plainText(`Access token expires ${formatExpiry(expiry.access, now)}`),
      plainText(`Refresh token expires ${formatExpiry(expiry.refresh, now)}`),
      plainText(describeRefetchFailure(this.refetchState(soonest)) ?? ''),
      sessions.length > 1 ? `${sessions.length} sessions held; this one is the next to expire.` : '',
      'Click for actions.',
    ]
      .filter(Boolean)
      .join('\n');
    this.item.accessibilityInformation = { label: plainText(`Connect federation token for ${sessionLabel(soonest)}: ${status.text}`) };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
