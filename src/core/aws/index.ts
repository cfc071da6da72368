/**
 * Everything that needs the AWS SDK. The extension bundles this module separately and loads it
 * on first use, so activation never parses the SDK.
 */
export { listProfiles, sharedConfigNotes } from './sharedConfig';
export { ConnectClients } from './connectClients';
export { ConfigurationError } from './agents';
export { runWithInteractivity } from './interactivity';
export type { ClientTarget, ClientOptions, CredentialsTarget, IdentityTarget } from './connectClients';
export { fetchFederationToken, listInstances } from './federation';
export type { FederationTokenResult, InstanceListing } from './federation';
