import { App } from './app';
import { roleSessionNameFor } from './core/connectUser';
import { FetchPlan, planFetch, resolveConnection } from './core/fetchPlan';
import { loadAws } from './core/lazyAws';
import { environmentProfile } from './core/profiles';
import { ENVIRONMENT_PROFILE, FederationSession } from './core/session';

/** The request a session came from, under today's settings (its region stays: the instance lives there). */
export async function planForSession(app: App, session: FederationSession): Promise<{ plan: FetchPlan } | { reason: string }> {
  const env = app.env();
  const profile =
    session.profile === ENVIRONMENT_PROFILE
      ? environmentProfile(env, ENVIRONMENT_PROFILE)
      : (await loadAws().listProfiles()).find((p) => p.name === session.profile);
  // A session of a chosen Connect user keeps its name (and so its key) while its profile still assumes a role.
  const chosen = profile && roleSessionNameFor(profile, session.roleSessionName);
  if (chosen && !chosen.ok) {
    return { reason: chosen.reason };
  }
  const inputs = { profileName: session.profile, profile, settings: app.settings(), env };
  const connection = resolveConnection({ ...inputs, instanceRegion: session.region });
  if (!connection.ok) {
    return { reason: connection.reason };
  }
  const region = connection.region ?? { value: session.region, source: 'the session' };
  return { plan: planFetch(inputs, { ...connection, region }, { instanceId: session.instanceId, alias: session.instanceAlias }, session.roleSessionName) };
}
