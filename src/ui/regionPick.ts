import * as vscode from 'vscode';
import { CONNECT_REGIONS } from '../core/regions';

/** Asked only when neither an ARN, the settings, the profile nor the environment names a region. */
export async function pickRegion(profileLabel: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    CONNECT_REGIONS.map((r) => ({ label: r.id, description: r.name, detail: r.partition === 'aws' ? undefined : `partition ${r.partition}` })),
    {
      title: `Get Federation Token: region (profile ${profileLabel} has none)`,
      placeHolder: 'Pick the region of your Connect instance (set connectFederation.region or the profile\'s region to skip this)',
      matchOnDescription: true,
      ignoreFocusOut: true,
    },
  );
  return picked?.label;
}
