import * as vscode from 'vscode';
import { ConnectionSettings, DEFAULT_CONNECTION_SETTINGS } from './core/fetchPlan';

export const SECTION = 'connectFederation';

/** The extension's settings (contributed in package.json, where their descriptions are), and VS Code's proxy. */
export interface Settings extends ConnectionSettings {
  readonly expiryWarningMinutes: number;
  readonly expiryNotificationMinutes: number;
  readonly autoRefetch: boolean;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const d = DEFAULT_CONNECTION_SETTINGS;
  return {
    region: config.get('region', d.region),
    endpointUrl: config.get('endpointUrl', d.endpointUrl),
    caBundle: config.get('caBundle', d.caBundle),
    verifyTls: config.get('verifyTls', d.verifyTls),
    connectTimeoutSeconds: config.get('connectTimeoutSeconds', d.connectTimeoutSeconds),
    readTimeoutSeconds: config.get('readTimeoutSeconds', d.readTimeoutSeconds),
    maxAttempts: config.get('maxAttempts', d.maxAttempts),
    retryMode: config.get('retryMode', d.retryMode),
    proxy: vscode.workspace.getConfiguration('http').get('proxy', d.proxy),
    expiryWarningMinutes: Math.max(0, config.get('expiryWarningMinutes', 5)),
    expiryNotificationMinutes: Math.max(0, config.get('expiryNotificationMinutes', 5)),
    autoRefetch: config.get('autoRefetch', false),
  };
}

/** Whether a configuration change concerns this extension (its settings, or VS Code's proxy). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION) || event.affectsConfiguration('http.proxy');
}
