import { access, constants, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { DiscoveryHost, discoverBrowsers, resolveBrowserSetting } from '../core/browserDiscovery';
import { BrowserLauncher, spawnBrowser } from '../core/browserLauncher';
import {
  BROWSER_LABELS,
  Browser,
  Isolation,
  RemoteHostChoice,
  browserArguments,
  browserAt,
  checkSignInUrl,
  describeCommandLine,
  parseBrowserSetting,
} from '../core/browsers';
import { FederationSession, describeTarget } from '../core/session';
import { SECTION } from '../core/settingsTable';
import { openExternalUrl } from './openExternal';

export interface BrowserSettings {
  readonly browser: string;
  readonly browserIsolation: Isolation;
  readonly browserArgs: readonly string[];
  readonly browserOnRemoteHost: RemoteHostChoice;
}

export interface SignInBrowserDeps {
  readonly settings: () => BrowserSettings;
  /** Undefined where the extension's global storage is no local folder: no per-session profiles then. */
  readonly launcher: BrowserLauncher | undefined;
  readonly log: { info(line: string): void; warn(line: string): void };
  /** The extension host's environment (PATH …), where browsers are looked for. */
  readonly env: () => Readonly<Record<string, string | undefined>>;
  /** A profile folder came or went (the tree shows which sessions have one). */
  readonly changed: () => void;
}

const OPEN_SETTINGS = 'Open Settings';

/**
 * Opens sign-in pages in the browser the settings ask for, each session in its own profile folder
 * or a private window; with no browser set and no isolation asked for, in VS Code's openExternal.
 */
export class SignInBrowser {
  constructor(private readonly deps: SignInBrowserDeps) {}

  /** Whether a profile folder is kept for the session (its browser may hold a sign-in). */
  hasProfile(session: Pick<FederationSession, 'id'>): boolean {
    return this.deps.launcher?.hasProfile(session.id) ?? false;
  }

  async open(session: FederationSession): Promise<boolean> {
    const url = checkSignInUrl(session.signInUrl);
    if (!url.ok) {
      void vscode.window.showErrorMessage(`${url.reason}: it was not opened.`);
      return false;
    }
    const settings = this.deps.settings();
    const setting = parseBrowserSetting(settings.browser, process.platform);
    if (!setting.ok) {
      void this.showSettingsError(`The setting connectFederation.browser ${setting.reason}.`);
      return false;
    }
    if (setting.value.kind === 'default' && settings.browserIsolation === 'none') {
      return openExternalUrl(url.value);
    }
    const where = await this.whereToStart(settings.browserOnRemoteHost);
    if (where !== 'host') {
      return where === 'openExternal' ? openExternalUrl(url.value) : false;
    }
    const resolved = setting.value.kind === 'default' ? undefined : await resolveBrowserSetting(setting.value, this.host());
    if (resolved && !resolved.ok) {
      this.deps.log.warn(`connectFederation.browser: ${resolved.reason}`);
    }
    const browser = resolved?.ok
      ? resolved.value
      : await this.pickBrowser(resolved ? `${resolved.reason}. Which browser opens sign-in pages?` : 'Which browser opens sign-in pages, each session on its own?');
    if (browser === 'openExternal') {
      return openExternalUrl(url.value);
    }
    return browser ? this.launch(session, browser, settings, url.value) : false;
  }

  /** "Sign Out": forgets the session's browser profile folder, closing the browser this window started for it. */
  async signOut(session: FederationSession): Promise<boolean> {
    if (!this.hasProfile(session)) {
      void vscode.window.showInformationMessage(`No browser profile is kept for ${describeTarget(session)}: there is nothing to sign out of.`);
      return false;
    }
    try {
      await this.deps.launcher?.forget(session.id);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not sign out of ${describeTarget(session)}: ${messageOf(error)}`);
      return false;
    } finally {
      this.deps.changed();
    }
    this.deps.log.info(`Signed out of ${describeTarget(session)}: its browser profile folder is forgotten`);
    vscode.window.setStatusBarMessage(`$(sign-out) Signed out of ${describeTarget(session)} in its browser`, 4000);
    return true;
  }

  /** A removed session's profile goes with it; a failure only warns (the tokens are gone already). */
  async forget(session: FederationSession): Promise<void> {
    try {
      await this.deps.launcher?.forget(session.id);
    } catch (error) {
      void vscode.window.showWarningMessage(`The browser profile of ${describeTarget(session)} is kept: ${messageOf(error)}`);
    } finally {
      this.deps.changed();
    }
  }

  /** "Clear": every session's profile folder. */
  async forgetAll(): Promise<void> {
    const result = await this.deps.launcher?.forgetAll().finally(() => this.deps.changed());
    if (result?.inUse.length) {
      void vscode.window.showWarningMessage(
        `${result.inUse.length} browser profile folder${result.inUse.length === 1 ? ' is' : 's are'} still open in a browser and kept: close ${result.inUse.length === 1 ? 'it' : 'them'}, then Clear again.`,
      );
    }
  }

  private async launch(session: FederationSession, browser: Browser, settings: BrowserSettings, url: string): Promise<boolean> {
    const launcher = this.deps.launcher;
    if (settings.browserIsolation === 'perSession' && !launcher) {
      void vscode.window.showErrorMessage('A browser profile per session needs a local folder for the extension, which this window does not have: set connectFederation.browserIsolation to private or none.');
      return false;
    }
    const profileDir = settings.browserIsolation === 'perSession' ? launcher?.profileDir(session.id) : undefined;
    const args = browserArguments({
      browser,
      isolation: settings.browserIsolation,
      profileDir,
      profileInUse: profileDir !== undefined && (await launcher?.profileInUse(profileDir)),
      extraArgs: settings.browserArgs,
      url,
    });
    this.deps.log.info(`Opening the sign-in page of ${describeTarget(session)}: ${describeCommandLine(browser.executable, args, url)}`);
    try {
      await (launcher ? launcher.launch({ executable: browser.executable, args, profileDir }) : spawnBrowser(browser.executable, args));
      this.deps.changed();
      return true;
    } catch (error) {
      void this.showSettingsError(`Could not open the sign-in page of ${describeTarget(session)}: ${messageOf(error)}.`);
      return false;
    }
  }

  /**
   * Where the extension host may not be on the user's machine (a remote or web window), a browser it
   * starts opens on the host: asked once, the answer kept in connectFederation.browserOnRemoteHost.
   */
  private async whereToStart(choice: RemoteHostChoice): Promise<'host' | 'openExternal' | undefined> {
    const remote = vscode.env.remoteName !== undefined || vscode.env.uiKind === vscode.UIKind.Web;
    if (!remote || choice === 'host') {
      return 'host';
    }
    if (choice === 'openExternal') {
      return 'openExternal';
    }
    const host = 'Start on the Host';
    const own = 'Use My Browser';
    const answer = await vscode.window.showInformationMessage(
      'Start the sign-in browser on the machine VS Code runs on?',
      {
        modal: true,
        detail:
          `This window's extensions run ${vscode.env.remoteName ? `on ${vscode.env.remoteName}` : 'on a server (a web window)'}: a browser the extension starts opens there. ` +
          'That is right when the machine is yours (a local code-server). Otherwise open sign-in pages in your own browser, without a profile per session. ' +
          'The answer is kept in the setting connectFederation.browserOnRemoteHost.',
      },
      host,
      own,
    );
    const chosen = answer === host ? 'host' : answer === own ? 'openExternal' : undefined;
    if (chosen) {
      await vscode.workspace.getConfiguration(SECTION).update('browserOnRemoteHost', chosen, vscode.ConfigurationTarget.Global);
    }
    return chosen;
  }

  /** The browsers found here, another one by path, or VS Code's default this time; the choice is kept in connectFederation.browser. */
  private async pickBrowser(title: string): Promise<Browser | 'openExternal' | undefined> {
    type Item = vscode.QuickPickItem & { readonly pick: () => Promise<Browser | 'openExternal' | undefined> };
    const found = await discoverBrowsers(this.host());
    const items: Item[] = [
      ...found.map((browser) => ({
        label: BROWSER_LABELS[browser.name],
        description: browser.executable,
        pick: async () => (await this.remember(browser.name), browser),
      })),
      {
        label: 'Another browser…',
        description: 'its executable',
        pick: () => this.browseForBrowser(),
      },
      {
        label: "VS Code's default browser, this time",
        description: 'no profile per session, no private window',
        pick: async () => 'openExternal' as const,
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: found.length ? 'Pick a browser (kept in the setting connectFederation.browser)' : 'No known browser was found here: pick its executable',
      ignoreFocusOut: true,
    });
    return picked?.pick();
  }

  private async browseForBrowser(): Promise<Browser | undefined> {
    const [file] =
      (await vscode.window.showOpenDialog({ title: "A browser's executable", canSelectFiles: true, canSelectFolders: false, canSelectMany: false, openLabel: 'Use This Browser' })) ?? [];
    if (!file) {
      return undefined;
    }
    if (file.scheme !== 'file' || !(await this.host().isExecutable(file.fsPath))) {
      void vscode.window.showErrorMessage(`${file.fsPath} is not an executable file on this machine.`);
      return undefined;
    }
    await this.remember(file.fsPath);
    return browserAt(file.fsPath, process.platform);
  }

  private async remember(browser: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('browser', browser, vscode.ConfigurationTarget.Global);
  }

  private host(): DiscoveryHost {
    return { platform: process.platform, env: this.deps.env(), homedir: homedir(), isExecutable };
  }

  private async showSettingsError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS);
    if (choice === OPEN_SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.browser`);
    }
  }
}

/** A file (not a folder: those pass X_OK too) this user may run. */
async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
