import { loadSharedConfigFiles } from '@smithy/core/config';
import { ProfileSummary, summarizeProfiles } from '../profiles';

/**
 * Every profile of the shared config and credentials files (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE are honoured by the SDK's loader). Read afresh each time, so
 * edits to the files show up without a reload.
 */
export async function listProfiles(): Promise<ProfileSummary[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return summarizeProfiles(configFile, credentialsFile);
}
