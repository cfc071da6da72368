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

  constructor(private readonly report: (problem: string) => void) {}

  readonly read = (): Settings => {
    const { settings, problems } = checkSettings((section, key) => vscode.workspace.getConfiguration(section).get(key));
    for (const problem of problems.filter((p) => !this.reported.has(p))) {
      this.reported.add(problem);
      this.report(problem);
    }
    return settings;
  };

  /** After a change: a problem that comes back is said again. */
  changed(): void {
    this.reported.clear();
  }
}

/** Whether a configuration change concerns this extension (its settings, or VS Code's proxy). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION) || event.affectsConfiguration('http.proxy');
}
