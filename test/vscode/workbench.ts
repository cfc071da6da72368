/**
 * The VS Code workbench in the browser, as a person uses it: the command palette, quick picks,
 * notifications, the status bar, view containers and their trees. Every DOM selector and storage
 * detail of code-server's workbench lives here, and only here: they are VS Code internals (pinned
 * with code-server 4.139.1 in tools/package.json), so a code-server bump touches this one file.
 */
import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { CodeServer } from './codeServer';

const QUICK_INPUT = '.quick-input-widget';
const LIST_ROW = '.monaco-list-row';
const QUICK_INPUT_ROW = `${QUICK_INPUT} .quick-input-list ${LIST_ROW}`;
const SIDE_BAR_PANE = '.part.sidebar .pane';
const PANE_HEADER = '.pane-header';
const TOAST = '.notifications-toasts .notification-toast';
const TOAST_MESSAGE = '.notification-list-item-message';

export type Severity = 'info' | 'warning' | 'error';

/** Opens the server's workspace folder and waits for the workbench. */
export async function openWorkbench(page: Page, server: CodeServer): Promise<void> {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
  await waitForWorkbench(page);
}

/** The workbench is laid out once its status bar is: after a first load as after a reload. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor();
}

/** F1, as a person opens it: the palette's input, focused, with its `>` prefix. */
export async function openCommandPalette(page: Page): Promise<Locator> {
  await page.keyboard.press('F1');
  const input = quickInputBox(page);
  await input.waitFor();
  return input;
}

/** Runs a command from the palette by its full title ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openCommandPalette(page);
  await input.fill(`>${title}`);
  await pickItem(page, title);
}

/** The open quick pick or input box, once its title contains `title`. */
export async function waitForQuickInput(page: Page, title: string): Promise<void> {
  await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title }).waitFor();
}

/** Closes the quick input if one is open (Escape until it is gone). */
export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator(QUICK_INPUT);
  for (let i = 0; i < 3 && (await widget.isVisible()); i++) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  }
}

/** Dismisses every notification toast ("Notifications: Clear All Notifications"). */
export async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator(TOAST).count()) > 0) {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator(TOAST).first().waitFor({ state: 'hidden' });
  }
}

/** Closes the open quick input, as Escape does. */
export async function dismissQuickInput(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Clicks the quick-pick row whose label (icons aside) is exactly `label`, once it is listed. */
export async function pickItem(page: Page, label: string): Promise<void> {
  await quickPickRow(page, label).click();
}

/** The quick-pick rows with exactly this label (icons aside). */
export function quickPickRow(page: Page, label: string): Locator {
  return page.locator(QUICK_INPUT_ROW).filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
}

/**
 * The labels of the listed quick-pick rows, top to bottom. Visible ones only: the list reuses its row
 * elements, and a row keeps the hidden detail label of an earlier pick's item.
 */
export async function quickPickLabels(page: Page): Promise<string[]> {
  return (await page.locator(`${QUICK_INPUT_ROW} .label-name:visible`).allInnerTexts()).map((label) => label.trim());
}

/** The row Enter would accept. */
export function activeQuickPickRow(page: Page): Locator {
  return page.locator(`${QUICK_INPUT_ROW}.focused`);
}

/** Types into the quick input key by key, as a person does (each key reaches the extension's onDidChangeValue). */
export async function typeInQuickInput(page: Page, text: string): Promise<void> {
  await quickInputBox(page).pressSequentially(text);
}

export async function acceptQuickInput(page: Page): Promise<void> {
  await quickInputBox(page).press('Enter');
}

/**
 * Types a command line into the active terminal and runs it. A new terminal takes the focus, but
 * after a window reload the restoring workbench may keep it: then "Terminal: Focus Terminal" does.
 */
export async function typeInTerminal(page: Page, line: string): Promise<void> {
  const focused = page.locator('.terminal .xterm-helper-textarea:focus');
  if (!(await focused.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
    await runCommand(page, 'Terminal: Focus Terminal');
    await focused.waitFor();
  }
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Notification toasts (bottom right) whose message matches, optionally of one severity. */
export function notifications(page: Page, message: string | RegExp, severity?: Severity): Locator {
  const toasts = page.locator(TOAST).filter({
    has: page.locator(TOAST_MESSAGE, { hasText: message }),
  });
  return severity ? toasts.filter({ has: page.locator(`.notification-list-item-icon.codicon-${severity}`) }) : toasts;
}

/** A progress notification (its bar still running) whose message matches. */
export function progressNotifications(page: Page, message: string | RegExp): Locator {
  return notifications(page, message).filter({ has: page.locator('.monaco-progress-container.active') });
}

/** The status-bar entry an extension created with `createStatusBarItem(id)`. */
export function statusBarItem(page: Page, extensionId: string, id: string): Locator {
  return page.locator(statusBarItemSelector(extensionId, id));
}

function statusBarItemSelector(extensionId: string, id: string): string {
  return `.part.statusbar .statusbar-item[id="${extensionId}.${id}"]`;
}

/**
 * Shows a view container of the activity bar by its title, unless the side bar shows it already.
 * Through its "View: Show …" command: a click on the activity-bar entry toggles, and would close the
 * side bar the workbench is just restoring. The container must be registered (its extension scanned:
 * active, or its entry shown on a fresh profile, where no cached entry stands in for it).
 */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const shown = viewContainerShown(page, title);
  if (!(await shown.isVisible())) {
    await page.locator(`.part.activitybar .action-label[aria-label^="${title}"]`).waitFor();
    await runCommand(page, `View: Show ${title}`);
  }
  await shown.waitFor();
}

/** The side bar's title while it shows this view container (after a reload, the workbench restores it by itself). */
export function viewContainerShown(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .composite.title', { hasText: title });
}

/** Drags the side bar's edge so that it is `width` pixels wide (the default cuts tree descriptions short). */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const sideBar = page.locator('.part.sidebar');
  const box = await sideBar.boundingBox();
  if (!box) {
    throw new Error('The side bar is not shown');
  }
  const y = box.y + box.height / 2;
  // The sash straddles the side bar's right edge.
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  const resized = await sideBar.boundingBox();
  if (!resized || Math.abs(resized.width - width) > 5) {
    throw new Error(`The side bar is ${resized?.width} px wide after dragging its edge to ${width} px`);
  }
}

export interface TreeRowFilter {
  /** The whole label. */
  readonly label?: string;
  readonly description?: RegExp;
  /** Only the rows at the root of the tree. */
  readonly topLevel?: boolean;
}

/** The rows of a view's tree, in the order shown (those scrolled out of sight are not rendered). */
export function treeRows(page: Page, viewName: string, filter: TreeRowFilter = {}): Locator {
  let rows = page
    .locator(SIDE_BAR_PANE, { has: page.locator(PANE_HEADER, { hasText: viewName }) })
    .locator(`.pane-body ${LIST_ROW}${filter.topLevel ? '[aria-level="1"]' : ''}`);
  if (filter.label !== undefined) {
    rows = rows.filter({ has: page.locator('.label-name', { hasText: exactly(filter.label) }) });
  }
  if (filter.description !== undefined) {
    rows = rows.filter({ has: page.locator('.label-description', { hasText: filter.description }) });
  }
  return rows;
}

/**
 * Clicks an action of the side bar's view title (e.g. "Collapse All") by its title: in the container's
 * title bar when the view is alone in it, in the view's own header otherwise.
 */
export async function viewTitleAction(page: Page, title: string): Promise<void> {
  const action = page.locator(`.part.sidebar :is(.composite.title, .pane-header) .action-label[aria-label="${title}"]:visible`).first();
  await page.locator('.part.sidebar').hover();
  await action.click();
}

/** Runs an inline action of a tree row (the icons shown on hover) by its title. */
export async function treeRowAction(row: Locator, title: string): Promise<void> {
  await row.hover();
  await row.locator(`.actions .action-label[aria-label="${title}"]`).click();
}

/** Runs an item of a tree row's context menu (right click) by its title; the menu is closed whatever happens. */
export async function treeRowMenu(page: Page, row: Locator, title: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-item', { has: page.locator('.action-label', { hasText: exactly(title) }) });
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    try {
      // By keyboard: a menu takes mouse-ups only 100 ms after it opened, so a quick click can be lost.
      await item.hover({ timeout: attempt === 1 ? 5_000 : undefined });
      await item.and(page.locator('.focused, :has(.focused)')).waitFor();
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden' });
      return;
    } catch (error) {
      // A menu that closed under us (a terminal starting takes the focus, on a busy machine): once more.
      // An open menu without the item is the failure it looks like.
      if (attempt === 1 && !(await menu.isVisible())) {
        continue;
      }
      throw error;
    } finally {
      if (await menu.isVisible()) {
        await page.keyboard.press('Escape');
      }
    }
  }
}

/** Clicks a button of the modal dialog (showInformationMessage … { modal: true }) whose message matches. */
export async function dialogButton(page: Page, message: string | RegExp, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { has: page.locator('.dialog-message-text', { hasText: message }) });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: exactly(button) }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A tree row's label and description, as shown. */
export async function treeRowText(row: Locator): Promise<{ label: string; description: string }> {
  const label = await row.locator('.label-name').innerText();
  const description = await row.locator('.label-description').allInnerTexts();
  return { label: label.trim(), description: description.join('').trim() };
}

/** What `watchFromEnter` waits for after the next Enter, each timed when it first appears. */
export interface EnterWatch {
  /** A top-level row of this view with exactly this label, and a row under it labelled `childLabel`. */
  readonly treeRow: { readonly viewName: string; readonly label: string; readonly childLabel: string };
  /** A notification toast whose message matches (toasts already shown do not count). */
  readonly notification: RegExp;
  /** The status-bar entry `createStatusBarItem(id)` made, once its text contains `text`. */
  readonly statusBar: { readonly extensionId: string; readonly id: string; readonly text: string };
}

/** Milliseconds from the Enter's keydown (the event's own time stamp) to each appearance in the DOM. */
export interface EnterTimings {
  readonly treeRowMs: number;
  readonly childRowMs: number;
  readonly notificationMs: number;
  readonly statusBarMs: number;
  /** The keydown on this machine's wall clock (epoch ms, sub-ms precision), to line up with a server's log. */
  readonly enterEpochMs: number;
}

/** The page-side record of a watch (a global of the page, read back by `enterTimings`). */
const WATCH_GLOBAL = '__connectFederationEnterWatch';

/**
 * Times, inside the page, what appears after the next Enter: a keydown listener (capture phase)
 * takes the key's time stamp, and a MutationObserver checks the DOM after every change, so the
 * figures carry neither Playwright's round trips nor its polling interval. Call before the Enter.
 */
export async function watchFromEnter(page: Page, watch: EnterWatch): Promise<void> {
  await page.evaluate(installEnterWatch, {
    global: WATCH_GLOBAL,
    panes: SIDE_BAR_PANE,
    paneHeader: PANE_HEADER,
    viewName: watch.treeRow.viewName,
    rows: `.pane-body ${LIST_ROW}[aria-level="1"] .label-name`,
    label: watch.treeRow.label,
    childRows: `.pane-body ${LIST_ROW}[aria-level="2"] .label-name`,
    childLabel: watch.treeRow.childLabel,
    toasts: `${TOAST} ${TOAST_MESSAGE}`,
    message: { source: watch.notification.source, flags: watch.notification.flags },
    statusBar: statusBarItemSelector(watch.statusBar.extensionId, watch.statusBar.id),
    statusText: watch.statusBar.text,
  });
}

/** Waits until everything `watchFromEnter` watches has appeared, and returns the timings. */
export async function enterTimings(page: Page, timeoutMs: number): Promise<EnterTimings> {
  const handle = await page.waitForFunction((name) => {
    const marks = (globalThis as unknown as Record<string, WatchMarks | undefined>)[name];
    return marks?.done ? marks : undefined;
  }, WATCH_GLOBAL, { timeout: timeoutMs });
  const marks = (await handle.jsonValue()) as WatchMarks;
  const since = (at: number | undefined): number => (at ?? NaN) - (marks.enter ?? NaN);
  return {
    treeRowMs: since(marks.treeRow),
    childRowMs: since(marks.childRow),
    notificationMs: since(marks.notification),
    statusBarMs: since(marks.statusBar),
    enterEpochMs: marks.enterEpoch ?? NaN,
  };
}

interface WatchMarks {
  enter?: number;
  enterEpoch?: number;
  treeRow?: number;
  childRow?: number;
  notification?: number;
  statusBar?: number;
  done?: boolean;
}

interface WatchSpec {
  readonly global: string;
  readonly panes: string;
  readonly paneHeader: string;
  readonly viewName: string;
  /** Within the view's pane. */
  readonly rows: string;
  readonly label: string;
  readonly childRows: string;
  readonly childLabel: string;
  readonly toasts: string;
  readonly message: { readonly source: string; readonly flags: string };
  readonly statusBar: string;
  readonly statusText: string;
}

/** The DOM as far as the in-page watch uses it (the project compiles without the DOM library). */
interface WatchElement {
  readonly textContent: string | null;
  querySelector(selector: string): WatchElement | null;
  querySelectorAll(selector: string): Iterable<WatchElement>;
}
interface WatchPage {
  readonly document: { readonly body: unknown; querySelectorAll(selector: string): Iterable<WatchElement> };
  readonly performance: { now(): number; readonly timeOrigin: number };
  addEventListener(type: 'keydown', listener: (event: { key: string; timeStamp: number }) => void, capture: boolean): void;
  removeEventListener(type: 'keydown', listener: (event: { key: string; timeStamp: number }) => void, capture: boolean): void;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
}

/** Runs in the page (serialised by Playwright): self-contained, no imports. */
function installEnterWatch(spec: WatchSpec): void {
  const page = globalThis as unknown as WatchPage & Record<string, unknown>;
  const { document, performance } = page;
  const marks: WatchMarks = {};
  page[spec.global] = marks;
  const message = new RegExp(spec.message.source, spec.message.flags);
  const text = (element: WatchElement): string => (element.textContent ?? '').trim();
  const rowShown = (rows = spec.rows, label = spec.label): boolean =>
    [...document.querySelectorAll(spec.panes)]
      .filter((pane) => text(pane.querySelector(spec.paneHeader) ?? pane).includes(spec.viewName))
      .some((pane) => [...pane.querySelectorAll(rows)].some((row) => text(row) === label));
  const shownBefore = new Set([...document.querySelectorAll(spec.toasts)]);
  for (const [rows, label] of [[spec.rows, spec.label], [spec.childRows, spec.childLabel]]) {
    if (rowShown(rows, label)) {
      throw new Error(`A row "${label}" is already in the ${spec.viewName} view: nothing to time`);
    }
  }
  const check = (): void => {
    if (marks.enter === undefined) {
      return;
    }
    const now = performance.now();
    if (marks.treeRow === undefined && rowShown()) {
      marks.treeRow = now;
    }
    if (marks.childRow === undefined && marks.treeRow !== undefined && rowShown(spec.childRows, spec.childLabel)) {
      marks.childRow = now;
    }
    if (marks.notification === undefined && [...document.querySelectorAll(spec.toasts)].some((t) => !shownBefore.has(t) && message.test(text(t)))) {
      marks.notification = now;
    }
    if (marks.statusBar === undefined && [...document.querySelectorAll(spec.statusBar)].some((item) => text(item).includes(spec.statusText))) {
      marks.statusBar = now;
    }
    if (marks.childRow !== undefined && marks.notification !== undefined && marks.statusBar !== undefined) {
      observer.disconnect();
      page.removeEventListener('keydown', onKey, true);
      marks.done = true;
    }
  };
  const onKey = (event: { key: string; timeStamp: number }): void => {
    if (event.key === 'Enter' && marks.enter === undefined) {
      marks.enter = event.timeStamp;
      marks.enterEpoch = performance.timeOrigin + event.timeStamp;
    }
  };
  const observer = new page.MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  page.addEventListener('keydown', onKey, true);
}

/** The markup of the page and of every frame in it (webviews included): what a secret must never be part of. */
export async function pageMarkup(page: Page): Promise<string> {
  const parts = await Promise.all(page.frames().map((frame) => frame.content()));
  return parts.join('\n');
}

/**
 * The extension SecretStorage of code-server's workbench. code-server gives VS Code no secret
 * storage of its own on the server: the workbench keeps every extension's secrets in the browser, as
 * one JSON object under the localStorage key `secrets.provider` of the server's origin (so on disk in
 * the browser profile's `Local Storage/leveldb`), sealed with AES-256-GCM: base64 of a random 32-byte
 * client key half, a 12-byte IV, then the ciphertext with its 16-byte tag. The key is the client half
 * XOR a server half, which code-server hands out at `POST /mint-key` and keeps in
 * `<user-data-dir>/serve-web-key-half`. (Where the browser offers no WebCrypto, i.e. outside a secure
 * context, the workbench stores the JSON unsealed.)
 */
export interface SecretStore {
  /** The value in localStorage, as stored. */
  readonly sealed: string;
  /** Opens it with the server's key half: secrets by `{"extensionId":…,"key":…}` JSON keys. */
  unseal(): Record<string, string>;
}

export async function readSecretStore(page: Page, server: CodeServer): Promise<SecretStore | undefined> {
  const sealed: unknown = await page.evaluate('localStorage.getItem("secrets.provider")');
  if (typeof sealed !== 'string') {
    return undefined;
  }
  return {
    sealed,
    unseal: () => {
      const bytes = Buffer.from(sealed, 'base64');
      const serverHalf = readFileSync(path.join(server.userData, 'serve-web-key-half'));
      const key = Buffer.from(bytes.subarray(0, 32).map((byte, i) => byte ^ serverHalf[i]));
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(32, 44));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const plain = Buffer.concat([decipher.update(bytes.subarray(44, bytes.length - 16)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    },
  };
}

/** The key under which the workbench keeps an extension's secret. */
export function secretStoreKey(extensionId: string, key: string): string {
  return JSON.stringify({ extensionId, key });
}

function quickInputBox(page: Page): Locator {
  return page.locator(`${QUICK_INPUT} .quick-input-box input`);
}

/** Matches the whole text (labels with icons carry spaces around them). */
function exactly(label: string): RegExp {
  return new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
