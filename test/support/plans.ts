import * as assert from 'node:assert/strict';
import { ConnectionInputs, ConnectionSettings, FetchPlan, planFetch, resolveConnection } from '../../src/core/fetchPlan';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/core/settingsTable';
import { parseInstanceInput } from '../../src/core/instanceRef';
import { loadAws } from '../../src/core/lazyAws';
import { DEMO_INSTANCE_ID } from '../emulator/fixtures';

/** The plan the command would make for a profile of the current AWS files and an instance ID or ARN (and a role session name chosen). */
export async function planFor(
  profileName: string,
  instance = DEMO_INSTANCE_ID,
  settings: ConnectionSettings = DEFAULT_CONNECTION_SETTINGS,
  roleSessionName?: string,
): Promise<FetchPlan> {
  const profile = (await loadAws().listProfiles()).find((p) => p.name === profileName);
  const parsed = parseInstanceInput(instance);
  assert.ok(parsed.ok);
  const inputs: ConnectionInputs = { profileName, profile, settings, env: process.env };
  const connection = resolveConnection({ ...inputs, instanceRegion: parsed.ref.region });
  assert.ok(connection.ok && connection.region);
  return planFetch(inputs, { ...connection, region: connection.region }, parsed.ref, roleSessionName);
}
