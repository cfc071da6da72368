/**
 * Connect regions and AWS partitions.
 *
 * The SDK resolves endpoints itself; this list only feeds the region quick-pick and the
 * "Connect does not exist in that region" hint (from the AWS endpoint data of SDK 3.1136).
 */

export interface ConnectRegion {
  readonly id: string;
  readonly partition: string;
  readonly name: string;
}

export const CONNECT_REGIONS: readonly ConnectRegion[] = [
  { id: 'us-east-1', partition: 'aws', name: 'US East (N. Virginia)' },
  { id: 'us-west-2', partition: 'aws', name: 'US West (Oregon)' },
  { id: 'ca-central-1', partition: 'aws', name: 'Canada (Central)' },
  { id: 'eu-west-2', partition: 'aws', name: 'Europe (London)' },
  { id: 'eu-central-1', partition: 'aws', name: 'Europe (Frankfurt)' },
  { id: 'af-south-1', partition: 'aws', name: 'Africa (Cape Town)' },
  { id: 'ap-northeast-1', partition: 'aws', name: 'Asia Pacific (Tokyo)' },
  { id: 'ap-northeast-2', partition: 'aws', name: 'Asia Pacific (Seoul)' },
  { id: 'ap-southeast-1', partition: 'aws', name: 'Asia Pacific (Singapore)' },
  { id: 'ap-southeast-2', partition: 'aws', name: 'Asia Pacific (Sydney)' },
  { id: 'us-gov-west-1', partition: 'aws-us-gov', name: 'AWS GovCloud (US-West)' },
];

const PARTITION_PREFIXES: readonly (readonly [prefix: string, partition: string])[] = [
  ['us-gov-', 'aws-us-gov'],
  ['cn-', 'aws-cn'],
  ['us-isob-', 'aws-iso-b'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-isof-', 'aws-iso-f'],
  ['eusc-', 'aws-eusc'],
];

const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/** The partition a region belongs to, by the same prefix rules as the SDK's partition data. */
export function partitionOfRegion(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

export function isKnownConnectRegion(region: string): boolean {
  return CONNECT_REGIONS.some((r) => r.id === region);
}
