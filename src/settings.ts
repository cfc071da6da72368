import * as vscode from 'vscode';
import { ExtensionSettings, SECTION, checkSettings } from './core/settingsTable';

/** The extension's settings (contributed in package.json, where their descriptions are), and VS Code's proxy. */
export type Settings = ExtensionSettings;

/**
 * Reads the settings through the checked table. A value replaced by its default is said once (in
 * the log and a notification with Open Settings) until the settings change again.
 */
export class SettingsReader {
  private readonly reported = new Set<string>();
  /**
   * The settings as last read, until they change: the tree and the status bar read them for every
   * session at every tick, and each read asks VS Code for every key.
   */
  private current: Settings | undefined;

  constructor(private readonly report: (problem: string) => void) {}

  readonly read = (): Settings => {
    if (this.current) {
      return this.current;
    }
    const { settings, problems } = checkSettings((section, key) => vscode.workspace.getConfiguration(section).get(key));
    for (const problem of problems.filter((p) => !this.reported.has(p))) {
      this.reported.add(problem);
      this.report(problem);
    }
    return (this.current = settings);
  };

  /** After a change (call it on every configuration change `affectsSettings` accepts): read afresh, and a problem that comes back is said again. */
  changed(): void {
    this.current = undefined;
    this.reported.clear();
  }
}

/** Whether a configuration change concerns this extension (its settings, or VS Code's proxy). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION) || event.affectsConfiguration('http.proxy');
}
