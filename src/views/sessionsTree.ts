import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Clock } from '../core/clock';
import { Caller, callerOf, describeCaller, summarizeCaller } from '../core/connectUser';
import { markdownText, plainText } from '../core/displayText';
import { ExpiryState, describeClockOffset, expiryStatus } from '../core/expiry';
import { formatExpiry, formatLocalDateTime } from '../core/localTime';
import { RefetchState, describeRefetchFailure } from '../core/expiryPlanner';
import { pythonIsoformat } from '../core/exportFormats';
import { mask, maskUrl } from '../core/mask';
import { FederationSession, describeProfile, hasSignInUrl, localExpiry, sessionLabel } from '../core/session';
import { RowArrivals } from '../core/rowArrivals';
import { SessionStore } from '../core/sessionStore';
import { withoutUserinfo } from '../core/redact';
import { MarksOf, NO_MARKS } from './sessionMarks';
import { tooltip } from './tooltip';

export type FieldName =
  | 'accessToken'
  | 'accessTokenExpiration'
  | 'refreshToken'
  | 'refreshTokenExpiration'
  | 'signInUrl'
  | 'userArn'
  | 'userId'
  | 'callerArn';

export interface SessionNode {
  readonly type: 'session';
  readonly session: FederationSession;
}

export interface FieldNode {
  readonly type: 'field';
  readonly session: FederationSession;
  readonly field: FieldName;
}

export type SessionsTreeNode = SessionNode | FieldNode;

interface FieldSpec {
  readonly label: string;
  /** The real value: what "copy" copies. */
  readonly value: (s: FederationSession) => string;
  /** What the tree shows. */
  readonly shown: (s: FederationSession, now: number) => string;
  readonly secret: boolean;
  /** Whether the session has the field to show (all but who signed in always do). */
  readonly present?: (s: FederationSession) => boolean;
}

const secretField = (label: string, get: (s: FederationSession) => string, masked = mask): FieldSpec => ({
  label,
  value: get,
  shown: (s) => masked(get(s)),
  secret: true,
});
/** Shown as one plain line (the service's text, checked but not trusted); copied as it is. */
const plainField = (label: string, get: (s: FederationSession) => string): FieldSpec => ({ label, value: get, shown: (s) => plainText(get(s), 300), secret: false });
/** Copied as the AWS CLI prints it; shown in local time and relative, by the service's clock. */
const expirationField = (label: string, which: 'access' | 'refresh'): FieldSpec => ({
  label,
  value: (s) => pythonIsoformat(which === 'access' ? s.credentials.accessTokenExpiration : s.credentials.refreshTokenExpiration),
  shown: (s, now) => formatExpiry(localExpiry(s)[which], now),
  secret: false,
});

export const FIELDS: Record<FieldName, FieldSpec> = {
  accessToken: secretField('Access token', (s) => s.credentials.accessToken),
  accessTokenExpiration: expirationField('Access token expires', 'access'),
  refreshToken: secretField('Refresh token', (s) => s.credentials.refreshToken),
  refreshTokenExpiration: expirationField('Refresh token expires', 'refresh'),
  signInUrl: secretField('Sign-in URL', (s) => s.signInUrl, maskUrl),
  userArn: plainField('User ARN', (s) => s.userArn),
  userId: plainField('User ID', (s) => s.userId),
  // Filled in once STS answers (the row comes last, so that none moves); copied as the ARN.
  callerArn: {
    ...plainField('Signed in as', (s) => s.callerArn ?? ''),
    shown: (s) => plainText(identityLine(s, summarizeCaller) ?? '', 300),
    present: (s) => identityLine(s, describeCaller) !== undefined,
  },
};

/** Who signed in, in words, or undefined before GetCallerIdentity answered (or for a session kept before it was asked). */
function identityLine(session: FederationSession, words: (caller: Caller) => string): string | undefined {
  const caller = callerOf(session.callerArn);
  return caller && words(caller);
}

const STATE_ICONS: Record<ExpiryState, vscode.ThemeIcon> = {
  valid: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  expiring: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  expired: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

/** How long a revealed secret stays readable before it is masked again. */
export const REVEAL_MS = 15_000;

/** The "Federation Sessions" view: a node per held session, its credentials as children, secrets masked. */
export class SessionsTreeProvider implements vscode.TreeDataProvider<SessionsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Revealed secret fields (by session and field) and when they are masked again. */
  private readonly revealed = new Map<string, { until: number; timer: { dispose(): void } }>();
  /** Every node handed to VS Code: its menus pass them back to our commands, and nothing else can have them. */
  private readonly handedOut = new WeakSet<object>();
  /**
   * Starts every tree item ID. VS Code hands a row's element to any command that reaches the
   * extension host from the workbench with the row's handle ("1/" + its ID), so the ID must not
   * be guessable by another extension.
   */
  private readonly idPrefix = randomUUID();
  private view: Pick<vscode.TreeView<SessionsTreeNode>, 'visible' | 'reveal'> | undefined;
  /** The session rows last handed out, by session ID (a field's parent). */
  private sessionRows = new Map<string, SessionNode>();
  private readonly arrivals = new RowArrivals();

  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly warnBeforeMs: () => number,
    private readonly refetchState: (session: FederationSession) => RefetchState | undefined,
    private readonly marks: MarksOf = () => NO_MARKS,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  /** Creates the view this provider fills (the provider expands rows through it). */
  createView(id: string): vscode.TreeView<SessionsTreeNode> {
    const view = vscode.window.createTreeView(id, { treeDataProvider: this, showCollapseAll: true });
    this.view = view;
    return view;
  }

  /** Shows a secret field's real value for REVEAL_MS, then masks it again. */
  reveal(node: FieldNode): void {
    const id = fieldId(node);
    this.revealed.get(id)?.timer.dispose();
    const timer = this.clock.setTimer(() => this.hide(node), REVEAL_MS);
    this.revealed.set(id, { until: this.clock.now() + REVEAL_MS, timer });
    this.refresh();
  }

  hide(node: FieldNode): void {
    const id = fieldId(node);
    this.revealed.get(id)?.timer.dispose();
    this.revealed.delete(id);
    this.refresh();
  }

  getChildren(node?: SessionsTreeNode): SessionsTreeNode[] {
    const children: SessionsTreeNode[] = !node
      ? this.sessionRowsNow()
      : node.type === 'session'
        ? (Object.keys(FIELDS) as FieldName[])
            .filter((field) => FIELDS[field].present?.(node.session) ?? true)
            .map((field) => ({ type: 'field', session: node.session, field }))
        : [];
    children.forEach((child) => this.handedOut.add(child));
    return children;
  }

  getParent(node: SessionsTreeNode): SessionsTreeNode | undefined {
    return node.type === 'field' ? this.sessionRows.get(node.session.id) : undefined;
  }

  /** The stored sessions are restored: those held now show expanded from the start. */
  restored(): void {
    this.arrivals.restored(this.store.list().map((session) => session.id));
  }

  /** The session rows; a newly fetched one arrives collapsed and is expanded once drawn (RowArrivals says why). */
  private sessionRowsNow(): SessionNode[] {
    const rows = this.store.list().map((session): SessionNode => ({ type: 'session', session }));
    this.sessionRows = new Map(rows.map((row) => [row.session.id, row]));
    const arrival = this.arrivals.rowsTaken([...this.sessionRows.keys()], this.view?.visible ?? false);
    const row = arrival === undefined ? undefined : this.sessionRows.get(arrival);
    if (row && this.view) {
      // The extension host sends the reveal once the refresh under way has drawn the row. Reveal also
      // scrolls the row into sight; and it opens the view, so it is asked only while the view is shown.
      const done = (): void => this.arrivals.expanded(row.session.id);
      Promise.resolve(this.view.reveal(row, { expand: true, select: false, focus: false })).then(done, done);
    }
    return rows;
  }

  /** A command's argument as a node of this tree (a row the user acted on), or undefined: a look-alike object is not one. */
  own(arg: unknown): SessionsTreeNode | undefined {
    return typeof arg === 'object' && arg !== null && this.handedOut.has(arg) ? (arg as SessionsTreeNode) : undefined;
  }

  getTreeItem(node: SessionsTreeNode): vscode.TreeItem {
    return node.type === 'session' ? this.sessionItem(node.session) : this.fieldItem(node.session, node.field);
  }

  /**
   * The session row's tooltip, made on hover only: the workbench renders a markdown tooltip to plain
   * text as it draws the row (≈ 7 ms of the first draw, between the answer and the row showing).
   */
  resolveTreeItem(item: vscode.TreeItem, node: SessionsTreeNode): vscode.TreeItem {
    if (node.type === 'session') {
      item.tooltip = this.sessionTooltip(node.session);
    }
    return item;
  }

  private sessionItem(session: FederationSession): vscode.TreeItem {
    const status = expiryStatus(localExpiry(session).access, this.clock.now(), this.warnBeforeMs());
    // Aliases and profile names come from outside: one plain line each, and escaped in the markdown tooltip.
    const item = new vscode.TreeItem(
      plainText(sessionLabel(session), 100),
      this.arrivals.collapsed(session.id) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = `${this.idPrefix}/${session.id}`;
    const refetch = this.refetchState(session);
    const marks = this.marks(session);
    item.description = plainText(
      [`${describeProfile(session)} · ${session.region} · ${status.text}${refetch?.failures ? ' · auto re-fetch failing' : ''}`, ...marks.words].join(' · '),
      300,
    );
    item.iconPath = STATE_ICONS[status.state];
    // `noSignInUrl`: the service sent none, so there is no page to open and no URL to copy.
    item.contextValue = ['session', status.state, ...(hasSignInUrl(session) ? [] : ['noSignInUrl']), ...marks.contextValues].join(' ');
    item.accessibilityInformation = { label: plainText(`${sessionLabel(session)}, profile ${describeProfile(session)}, ${session.region}, ${status.text}`, 300) };
    return item;
  }

  private sessionTooltip(session: FederationSession): vscode.MarkdownString {
    const status = expiryStatus(localExpiry(session).access, this.clock.now(), this.warnBeforeMs());
    return tooltip([
      `**${markdownText(sessionLabel(session))}** ${markdownText(`(${session.instanceId})`)}`,
      markdownText(`Profile ${describeProfile(session)} · ${session.region}${session.endpoint ? ` · ${withoutUserinfo(session.endpoint)}` : ''}`),
      markdownText(identityLine(session, (caller) => `Signed in as ${describeCaller(caller)}`) ?? ''),
      markdownText(`Access token: ${status.text}`),
      markdownText(`Fetched ${formatLocalDateTime(session.fetchedAt)}`),
      markdownText(describeClockOffset(session.clockOffsetMs) ?? ''),
      markdownText(describeRefetchFailure(this.refetchState(session)) ?? ''),
      ...this.marks(session).tooltip.map(markdownText),
    ]);
  }

  private fieldItem(session: FederationSession, field: FieldName): vscode.TreeItem {
    const spec = FIELDS[field];
    const item = new vscode.TreeItem(spec.label, vscode.TreeItemCollapsibleState.None);
    const key = fieldId({ session, field });
    item.id = `${this.idPrefix}/${key}`;
    if (spec.value(session) === '') {
      // Nothing to copy, reveal or open: a context value no menu matches.
      item.description = '(none)';
      item.contextValue = 'none';
      item.tooltip = `Amazon Connect sent no ${spec.label.toLowerCase()} with this token.`;
      return item;
    }
    const revealed = spec.secret && (this.revealed.get(key)?.until ?? 0) > this.clock.now();
    item.description = revealed ? spec.value(session) : spec.shown(session, this.clock.now());
    const secrecy = spec.secret ? (revealed ? 'secret revealed' : 'secret masked') : undefined;
    item.contextValue = ['field', secrecy, field === 'signInUrl' ? 'url' : undefined]
      .filter(Boolean)
      .join(' ');
    item.tooltip = !spec.secret
      ? spec.shown(session, this.clock.now())
      : revealed
        ? `${spec.label}, revealed for a few seconds.`
        : `${spec.label} (masked). Reveal it for a few seconds, or copy the real value.`;
    return item;
  }

  dispose(): void {
    this.revealed.forEach(({ timer }) => timer.dispose());
    this.changed.dispose();
  }
}

function fieldId(node: Pick<FieldNode, 'session' | 'field'>): string {
  return `${node.session.id}/${node.field}`;
}
