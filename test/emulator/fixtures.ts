/**
 * The emulated AWS account: its identities (access keys) and its Amazon Connect instances.
 * All keys are fake and say so (EMULATOR / EXAMPLE); they only work against the emulator.
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

export const FIXTURE_IDENTITIES: readonly Identity[] = [DEMO_IDENTITY, ROOT_IDENTITY, NOUSER_IDENTITY, DENIED_IDENTITY];

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
