import { CONNECT_REGIONS } from '../core/regions';
import { PickResult, StepPosition, mapPicked, pickOne } from './quickPick';

/** Asked only when neither an ARN, the settings, the profile nor the environment names a region. */
export function pickRegion(profileLabel: string, position?: StepPosition, chosen?: string): Promise<PickResult<string>> {
  return pickOne(
    CONNECT_REGIONS.map((r) => ({ label: r.id, description: r.name, detail: r.partition === 'aws' ? undefined : `partition ${r.partition}` })),
    {
      title: `Get Federation Token: region (profile ${profileLabel} has none)`,
      placeholder: "Pick the region of your Connect instance (set connectFederation.region or the profile's region to skip this)",
      matchOnDescription: true,
      ignoreFocusOut: true,
      active: (item) => item.label === chosen,
    },
    position,
  ).then((result) => mapPicked(result, (item) => item.label));
}
