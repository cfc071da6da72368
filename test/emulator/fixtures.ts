/**
 * The emulated AWS account: its identities (access keys), the roles they can assume (STS, web
 * identity, IAM Identity Center) and its Amazon Connect instances. All keys and tokens are fake
 * and say so (EMULATOR / EXAMPLE); they only work against the emulator.
 */

export const ACCOUNT_ID = '123456789012';

/** Regions where the Connect API exists (AWS endpoint data of the modelled release). */
export const CONNECT_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-2',
  'us-east-1',
  'us-west-2',
  'us-gov-west-1',
];

export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  return region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

export function instanceArn(region: string, instanceId: string): string {
  return `arn:${partitionOf(region)}:connect:${region}:${ACCOUNT_ID}:instance/${instanceId}`;
}

export interface Identity {
  /** Short label for people: CLI table, test titles. */
  name: string;
  /** `AKIA…` for long-term keys, `ASIA…` for temporary ones. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials only: requests must present it as `x-amz-security-token`. */
  sessionToken?: string;
  /** Temporary credentials only: after this instant requests get ExpiredTokenException. */
  expiresAt?: Date;
  /** The IAM principal the key belongs to (user, role session or account root). */
  principalArn: string;
  /** Whether IAM policies allow the principal the Connect actions. */
  allowed: boolean;
  /** Whether every instance has a Connect user mapped to the principal (SAML federation). */
  hasConnectUser: boolean;
  /** What GetFederationToken answers for this identity, for people. */
  description?: string;
}

export const DEMO_IDENTITY: Identity = {
  name: 'demo',
  accessKeyId: 'AKIAEMULATORDEMO0001',
  secretAccessKey: 'EMULATOR/demo/K7MDENG/bPxRfiCYEXAMPLEKEY',
  principalArn: `arn:aws:iam::${ACCOUNT_ID}:user/connect-admin`,
  allowed: true,
  hasConnectUser: true,
  description: 'IAM user with a Connect user in every instance: tokens are issued',
};

export const ROOT_IDENTITY: Identity = {
  name: 'root',
  accessKeyId: 'AKIAEMULATORROOT0001',
  secretAccessKey: 'EMULATOR/root/K7MDENG/bPxRfiCYEXAMPLEKEY',
  principalArn: `arn:aws:iam::${ACCOUNT_ID}:root`,
  allowed: true,
  hasConnectUser: false,
  description: 'account root: 400 InvalidRequestException (root cannot federate)',
};

export const NOUSER_IDENTITY: Identity = {
  name: 'nouser',
  accessKeyId: 'AKIAEMULATORNOUSER01',
  secretAccessKey: 'EMULATOR/nouser/MDENG/bPxRfiCYEXAMPLEKEY',
  principalArn: `arn:aws:iam::${ACCOUNT_ID}:user/nouser`,
  allowed: true,
  hasConnectUser: false,
  description: 'IAM user without a Connect user: 404 UserNotFoundException',
};

export const DENIED_IDENTITY: Identity = {
  name: 'denied',
  accessKeyId: 'AKIAEMULATORDENIED01',
  secretAccessKey: 'EMULATOR/denied/MDENG/bPxRfiCYEXAMPLEKEY',
  principalArn: `arn:aws:iam::${ACCOUNT_ID}:user/denied`,
  allowed: false,
  hasConnectUser: true,
  description: 'IAM user without Connect permissions: 403 AccessDeniedException',
};

/** Temporary credentials that the credential_process fixture (credentialProcess.ts) prints. */
export const PROCESS_IDENTITY: Identity = {
  name: 'process',
  accessKeyId: 'ASIAEMULATORPROCESS1',
  secretAccessKey: 'EMULATOR/process/DENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'EMULATOR-credential-process-session-token-EXAMPLE',
  principalArn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ConnectAdmin/credential-process`,
  allowed: true,
  hasConnectUser: true,
  description: 'temporary credentials printed by the credential_process fixture',
};

export const FIXTURE_IDENTITIES: readonly Identity[] = [DEMO_IDENTITY, ROOT_IDENTITY, NOUSER_IDENTITY, DENIED_IDENTITY, PROCESS_IDENTITY];

export interface Role {
  name: string;
  arn: string;
  /** The role's unique ID (`AROA…`), the first half of an AssumedRoleId. */
  roleId: string;
  /** Principals whose sts:AssumeRole the trust policy allows. */
  trustedPrincipals: readonly string[];
  /** Whether the trust policy allows AssumeRoleWithWebIdentity with WEB_IDENTITY_TOKEN. */
  trustsWebIdentity: boolean;
  /** The trust policy's aws:MultiFactorAuthPresent condition: AssumeRole must carry MFA_SERIAL and MFA_CODE. */
  requiresMfa: boolean;
  /** Connect permissions and user mapping of the role's sessions, as for an Identity. */
  allowed: boolean;
  hasConnectUser: boolean;
  /**
   * When set, a session has a Connect user only when its role session name is one of these (for an
   * assumed role, Connect's user name is the role session name); otherwise `hasConnectUser` decides.
   */
  connectUserNames?: readonly string[];
  description: string;
}

/** The MaxSessionDuration of every fixture role (IAM's default): DurationSeconds may not exceed it. */
export const MAX_SESSION_DURATION_SECONDS = 3600;

/** The demo user's virtual MFA device, and the one code it accepts. */
export const MFA_SERIAL = `arn:aws:iam::${ACCOUNT_ID}:mfa/connect-admin`;
export const MFA_CODE = '123456';

type RoleSettings = Omit<Role, 'name' | 'arn' | 'roleId'>;

function role(name: string, roleId: string, settings: RoleSettings, rolePath = '/'): Role {
  return { name, arn: `arn:aws:iam::${ACCOUNT_ID}:role${rolePath}${name}`, roleId, ...settings };
}

const CONNECT_ADMIN: RoleSettings = {
  trustedPrincipals: [DEMO_IDENTITY.principalArn],
  trustsWebIdentity: true,
  requiresMfa: false,
  allowed: true,
  hasConnectUser: true,
  description: 'assumable by the demo user and by web identity; its sessions get tokens',
};

export const CONNECT_ADMIN_ROLE = role('ConnectAdmin', 'AROAEMULATORADMIN0001', CONNECT_ADMIN);

export const CONNECT_ADMIN_MFA_ROLE = role('ConnectAdminMfa', 'AROAEMULATORADMINMFA1', {
  ...CONNECT_ADMIN,
  trustsWebIdentity: false,
  requiresMfa: true,
  description: `as ConnectAdmin, but only with MFA (${MFA_SERIAL}, code ${MFA_CODE})`,
});

export const NO_CONNECT_ROLE = role('NoConnect', 'AROAEMULATORNOCONNECT', {
  ...CONNECT_ADMIN,
  trustsWebIdentity: false,
  hasConnectUser: false,
  description: 'assumable by the demo user; no Connect user: 404 UserNotFoundException',
});

/** The Connect users every instance has for sessions of CONNECT_AGENT_ROLE: its role session name picks one. */
export const CONNECT_USER_NAMES: readonly string[] = ['alice', 'bob'];
/** A role session name that no Connect user has: GetFederationToken answers UserNotFoundException. */
export const UNMAPPED_SESSION_NAME = 'nobody';

export const CONNECT_AGENT_ROLE = role('ConnectAgent', 'AROAEMULATORAGENT0001', {
  ...CONNECT_ADMIN,
  // Role chaining: sessions of ConnectAdmin may assume it too.
  trustedPrincipals: [DEMO_IDENTITY.principalArn, CONNECT_ADMIN_ROLE.arn],
  trustsWebIdentity: false,
  connectUserNames: CONNECT_USER_NAMES,
  description: `assumable by the demo user and ConnectAdmin's sessions; the role session name is the Connect user (${CONNECT_USER_NAMES.join(', ')}; ${UNMAPPED_SESSION_NAME}: 404 UserNotFoundException)`,
});

/** The role behind the SSO_ROLE_NAME permission set; only IAM Identity Center assumes it. */
export const SSO_ROLE = role(
  'AWSReservedSSO_ConnectAdmin_3f2a9c1b7e6d5a40',
  'AROAEMULATORSSOADMIN1',
  { ...CONNECT_ADMIN, trustedPrincipals: [], trustsWebIdentity: false, description: 'IAM Identity Center permission set ConnectAdmin' },
  '/aws-reserved/sso.amazonaws.com/',
);

/** Roles that AssumeRole and AssumeRoleWithWebIdentity know. */
export const FIXTURE_ROLES: readonly Role[] = [CONNECT_ADMIN_ROLE, CONNECT_ADMIN_MFA_ROLE, NO_CONNECT_ROLE, CONNECT_AGENT_ROLE];

/**
 * The Connect user name an IAM principal federates as (Connect's rule for IAM federation): an IAM
 * user's name, an assumed role's session name; the account root has none that can sign in.
 */
export function connectUserName(principalArn: string): string {
  const resource = principalArn.split(':').slice(5).join(':');
  if (resource === 'root') {
    return 'root';
  }
  const parts = resource.split('/');
  return parts[0] === 'assumed-role' ? parts.slice(2).join('/') : (parts.at(-1) ?? resource);
}

/** The only web identity token (e.g. an OIDC JWT) STS accepts; tests write it to a web_identity_token_file. */
export const WEB_IDENTITY_TOKEN = 'EMULATOR.web-identity-token.EXAMPLE';
export const WEB_IDENTITY_PROVIDER = 'oidc.emulator.example';
export const WEB_IDENTITY_SUBJECT = 'system:serviceaccount:connect:federation';

/** IAM Identity Center: one start URL whose user may use permission set ConnectAdmin in the account. */
export const SSO_START_URL = 'https://connect-emulator.awsapps.com/start';
export const SSO_REGION = 'us-east-1';
export const SSO_ACCOUNT_ID = ACCOUNT_ID;
export const SSO_ROLE_NAME = 'ConnectAdmin';
export const SSO_USER = 'connect-admin@example.com';
/** Tokens of the user's portal session as `aws sso login` caches them; valid until reset. */
export const SSO_ACCESS_TOKEN = 'EMULATOR-sso-access-token-EXAMPLE';
export const SSO_REFRESH_TOKEN = 'EMULATOR-sso-refresh-token-EXAMPLE';
/** The OIDC client `aws sso login` registered (sso-session profiles refresh tokens with it). */
export const SSO_CLIENT_ID = 'EMULATOR-sso-client-id-EXAMPLE';
export const SSO_CLIENT_SECRET = 'EMULATOR-sso-client-secret-EXAMPLE';

export type InstanceStatus = 'CREATION_IN_PROGRESS' | 'ACTIVE' | 'CREATION_FAILED';
export type IdentityManagementType = 'SAML' | 'CONNECT_MANAGED' | 'EXISTING_DIRECTORY';

export interface Instance {
  id: string;
  region: string;
  alias: string;
  status: InstanceStatus;
  identityManagementType: IdentityManagementType;
  createdTime: Date;
  inboundCallsEnabled: boolean;
  outboundCallsEnabled: boolean;
}

function activeInstance(
  region: string,
  id: string,
  alias: string,
  identityManagementType: IdentityManagementType,
  created: string,
): Instance {
  return {
    id,
    region,
    alias,
    status: 'ACTIVE',
    identityManagementType,
    createdTime: new Date(created),
    inboundCallsEnabled: true,
    outboundCallsEnabled: true,
  };
}

export const DEMO_REGION = 'us-east-1';

export const DEMO_INSTANCE = activeInstance(DEMO_REGION, 'c3a7e9d1-4b2f-4e6a-9d8c-1f2e3a4b5c6d', 'demo-prod', 'SAML', '2023-03-14T09:26:53Z');
export const DEMO_INSTANCE_ID = DEMO_INSTANCE.id;
export const DEMO_INSTANCE_ARN = instanceArn(DEMO_REGION, DEMO_INSTANCE_ID);

export const TEST_INSTANCE = activeInstance(DEMO_REGION, '8e4f2a6b-1c3d-4f5e-a7b9-0d1e2f3a4b5c', 'demo-test', 'CONNECT_MANAGED', '2023-06-01T12:00:00Z');

export const CREATING_INSTANCE: Instance = {
  ...activeInstance(DEMO_REGION, 'f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f', 'demo-staging', 'EXISTING_DIRECTORY', '2024-11-28T16:45:00Z'),
  status: 'CREATION_IN_PROGRESS',
  inboundCallsEnabled: false,
  outboundCallsEnabled: false,
};

export const LONDON_INSTANCE = activeInstance('eu-west-2', '2b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', 'demo-london', 'SAML', '2023-09-20T08:15:00Z');

export const GOV_INSTANCE = activeInstance('us-gov-west-1', '5d4c3b2a-1f0e-4d9c-8b7a-6e5f4d3c2b1a', 'gov-demo', 'SAML', '2024-01-10T17:30:00Z');

/** 23 instances, so that ListInstances needs three pages of at most 10. */
export const SYDNEY_INSTANCES: readonly Instance[] = Array.from({ length: 23 }, (_, index) => {
  const number = String(index + 1).padStart(2, '0');
  return activeInstance(
    'ap-southeast-2',
    `7a1b2c3d-5e6f-4a8b-9c0d-0000000000${number}`,
    `sydney-${number}`,
    'CONNECT_MANAGED',
    `2024-02-${number}T00:00:00Z`,
  );
});

export const FIXTURE_INSTANCES: readonly Instance[] = [
  DEMO_INSTANCE,
  TEST_INSTANCE,
  CREATING_INSTANCE,
  LONDON_INSTANCE,
  GOV_INSTANCE,
  ...SYDNEY_INSTANCES,
];
