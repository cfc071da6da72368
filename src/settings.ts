import * as vscode from 'vscode';

export const SECTION = 'connectFederation';

/** The extension's settings (contributed in package.json, where their descriptions are). */
export interface Settings {
  readonly region: string;
  readonly endpointUrl: string;
  readonly expiryWarningMinutes: number;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    region: config.get<string>('region', ''),
    endpointUrl: config.get<string>('endpointUrl', ''),
    expiryWarningMinutes: Math.max(0, config.get<number>('expiryWarningMinutes', 5)),
  };
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}
