import { isRegionName, partitionOfRegion } from './regions';

/** A Connect instance as the user named it: a bare ID, or an ARN that also fixes region and partition. */
export interface InstanceRef {
  readonly instanceId: string;
  readonly arn?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly accountId?: string;
}

export type InstanceInputResult =
  | { readonly ok: true; readonly ref: InstanceRef }
  | { readonly ok: false; readonly reason: string };

// Connect instance IDs are UUIDs; the model allows up to 100 characters, but no real ID is anything else.
const INSTANCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PARTITION = /^aws(-[a-z]+)*$/;
const ACCOUNT = /^\d{12}$/;

export const INSTANCE_ID_EXAMPLE = 'a1b2c3d4-5678-90ab-cdef-0123456789ab';

export function isInstanceId(value: string): boolean {
  return INSTANCE_ID.test(value);
}

/**
 * Parses what the user typed in the instance pick: an instance ID or an instance ARN
 * (`arn:<partition>:connect:<region>:<account>:instance/<id>[/<sub-resource>...]`).
 */
export function parseInstanceInput(input: string): InstanceInputResult {
  const text = input.trim();
  if (text === '') {
    return fail('Type an instance ID or an instance ARN.');
  }
  if (!text.toLowerCase().startsWith('arn:')) {
    return isInstanceId(text)
      ? { ok: true, ref: { instanceId: text.toLowerCase() } }
      : fail(`"${shorten(text)}" is not an instance ID: an ID looks like ${INSTANCE_ID_EXAMPLE} (the last part of the instance ARN).`);
  }
  return parseInstanceArn(text);
}

function parseInstanceArn(arn: string): InstanceInputResult {
  const parts = arn.split(':');
  if (parts.length < 6) {
    return fail('An instance ARN has the form arn:aws:connect:<region>:<account>:instance/<instance-id>.');
  }
  const [, partition, service, region, accountId] = parts;
  const resource = parts.slice(5).join(':');
  if (service !== 'connect') {
    return fail(`That is an ARN of the ${service || 'unnamed'} service, not of an Amazon Connect instance.`);
  }
  if (!PARTITION.test(partition)) {
    return fail(`"${partition}" is not an AWS partition (aws, aws-us-gov, aws-cn …).`);
  }
  if (!isRegionName(region)) {
    return fail(region ? `"${region}" is not an AWS region.` : 'The ARN has no region.');
  }
  if (partitionOfRegion(region) !== partition) {
    return fail(`Region ${region} is in partition ${partitionOfRegion(region)}, but the ARN says ${partition}.`);
  }
  if (!ACCOUNT.test(accountId)) {
    return fail('The ARN has no 12-digit account ID.');
  }
  const [kind, instanceId] = resource.split('/');
  if (kind !== 'instance' || instanceId === undefined || instanceId === '') {
    return fail('The ARN names no instance: it should contain instance/<instance-id>.');
  }
  if (!isInstanceId(instanceId)) {
    return fail(`"${shorten(instanceId)}" in the ARN is not an instance ID (${INSTANCE_ID_EXAMPLE}).`);
  }
  const id = instanceId.toLowerCase();
  return {
    ok: true,
    ref: { instanceId: id, arn: `arn:${partition}:connect:${region}:${accountId}:instance/${id}`, region, partition, accountId },
  };
}

function fail(reason: string): InstanceInputResult {
  return { ok: false, reason };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
