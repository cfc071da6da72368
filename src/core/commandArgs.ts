/**
 * Command arguments, checked where they enter: a keybinding, a task or another extension can pass
 * anything. Each parser turns `unknown` into a checked value or a reason that names the shape wanted.
 */
import { Checked, checkText, describeType, ownData } from './checks';
import { ROLE_SESSION_NAME_RULE, isRoleSessionName } from './connectUser';
import { InstanceRef, isInstanceId, parseInstanceInput } from './instanceRef';
import { isRegionName } from './regions';
import { sessionId } from './session';

/** Longer than any profile name or ARN: longer input is refused before it reaches a parser or a message. */
const MAX_NAME = 256;
const MAX_INSTANCE = 2048;

export const FETCH_ARGS_SHAPE =
  '{ "profile": "<profile name>", "instance": "<instance ID or ARN>", "region": "<region>", "roleSessionName": "<Connect user name>" }, each optional';
export const SESSION_ARG_SHAPE =
  '{ "profile": "<profile name>", "instance": "<instance ID or ARN>", "roleSessionName": "<name, when chosen>" } or { "sessionId": "<profile>/<instance ID>[#<role session name>]" }';

/** Get Federation Token's arguments: each one given skips the step it answers. */
export interface FetchArgs {
  readonly profile?: string;
  readonly instance?: InstanceRef;
  readonly region?: string;
  /** The role session name to assume the profile's role with instead of its own: the Connect user to sign in as. */
  readonly roleSessionName?: string;
}

/** Nothing (or null) is no argument: every step is asked. */
export function parseFetchArgs(arg: unknown): Checked<FetchArgs> {
  const fields = fieldsOf(arg, ['profile', 'instance', 'region', 'roleSessionName'], FETCH_ARGS_SHAPE);
  if (!fields.ok) {
    return fields;
  }
  const { profile, instance, region, roleSessionName } = fields.value;
  const args: { profile?: string; instance?: InstanceRef; region?: string; roleSessionName?: string } = {};
  if (profile !== undefined) {
    const checked = checkProfile(profile);
    if (!checked.ok) {
      return fail(checked.reason, FETCH_ARGS_SHAPE);
    }
    args.profile = checked.value;
  }
  if (instance !== undefined) {
    const checked = checkInstance(instance);
    if (!checked.ok) {
      return fail(checked.reason, FETCH_ARGS_SHAPE);
    }
    args.instance = checked.value;
  }
  if (region !== undefined) {
    if (typeof region !== 'string' || !isRegionName(region.trim())) {
      return fail(`"region" ${typeof region === 'string' ? 'is not an AWS region name like us-east-1' : `is ${describeType(region)}, not a region name`}`, FETCH_ARGS_SHAPE);
    }
    args.region = region.trim();
  }
  if (roleSessionName !== undefined) {
    const checked = checkRoleSessionName(roleSessionName);
    if (!checked.ok) {
      return fail(checked.reason, FETCH_ARGS_SHAPE);
    }
    args.roleSessionName = checked.value;
  }
  return { ok: true, value: args };
}

/**
 * A session command's argument: the ID of the session it names, or undefined when none was given
 * (the user picks). Tree rows are recognised by the caller, before this.
 */
export function parseSessionArgument(arg: unknown): Checked<string | undefined> {
  const fields = fieldsOf(arg, ['sessionId', 'profile', 'instance', 'roleSessionName'], SESSION_ARG_SHAPE);
  if (!fields.ok || arg === undefined || arg === null) {
    return fields.ok ? { ok: true, value: undefined } : fields;
  }
  const { sessionId: id, profile, instance, roleSessionName } = fields.value;
  if (id !== undefined) {
    return profile === undefined && instance === undefined && roleSessionName === undefined
      ? checkSessionId(id)
      : fail('The argument has both "sessionId" and "profile"/"instance"/"roleSessionName"', SESSION_ARG_SHAPE);
  }
  if (profile === undefined || instance === undefined) {
    return fail(`The argument has no "${profile === undefined ? 'profile' : 'instance'}"`, SESSION_ARG_SHAPE);
  }
  const checkedProfile = checkProfile(profile);
  if (!checkedProfile.ok) {
    return fail(checkedProfile.reason, SESSION_ARG_SHAPE);
  }
  const checkedInstance = checkInstance(instance);
  if (!checkedInstance.ok) {
    return fail(checkedInstance.reason, SESSION_ARG_SHAPE);
  }
  const checkedName = roleSessionName === undefined ? undefined : checkRoleSessionName(roleSessionName);
  if (checkedName && !checkedName.ok) {
    return fail(checkedName.reason, SESSION_ARG_SHAPE);
  }
  return {
    ok: true,
    value: sessionId({ profile: checkedProfile.value, instanceId: checkedInstance.value.instanceId, roleSessionName: checkedName?.value }),
  };
}

/** The own data fields of an object argument, all among `allowed` (a misspelt key is an error, not ignored); none for undefined/null. */
function fieldsOf<K extends string>(arg: unknown, allowed: readonly K[], shape: string): Checked<Partial<Record<K, unknown>>> {
  if (arg === undefined || arg === null) {
    return { ok: true, value: {} };
  }
  let data: Map<string, unknown> | undefined;
  try {
    data = ownData(arg);
  } catch {
    data = undefined; // a proxy whose traps throw
  }
  if (!data) {
    return fail(`The argument is ${describeType(arg)}${typeof arg === 'object' && !Array.isArray(arg) ? ' that cannot be read as plain data' : ''}`, shape);
  }
  const unknown = [...data.keys()].filter((key) => !(allowed as readonly string[]).includes(key));
  if (unknown.length > 0) {
    const named = unknown.slice(0, 3).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 39)}…` : key));
    return fail(`The argument has ${unknown.length === 1 ? 'an unknown key' : 'unknown keys'} ${named.join(', ')}${unknown.length > 3 ? ' …' : ''}`, shape);
  }
  const fields: Partial<Record<K, unknown>> = {};
  for (const key of allowed) {
    if (data.has(key)) {
      fields[key] = data.get(key);
    }
  }
  return { ok: true, value: fields };
}

function checkProfile(value: unknown): Checked<string> {
  const checked = checkText(value, MAX_NAME, 'a profile name');
  return checked.ok ? checked : { ok: false, reason: `"profile" ${checked.reason}` };
}

function checkInstance(value: unknown): Checked<InstanceRef> {
  const text = checkText(value, MAX_INSTANCE, 'an instance ID or ARN');
  if (!text.ok) {
    return { ok: false, reason: `"instance" ${text.reason}` };
  }
  const parsed = parseInstanceInput(text.value);
  return parsed.ok ? { ok: true, value: parsed.ref } : { ok: false, reason: `"instance": ${parsed.reason.replace(/\.$/, '')}` };
}

/**
 * "profile/instance-id[#role-session-name]": a profile name, a slash, an instance ID (the last slash:
 * instance IDs and role session names hold none), and the role session name after a "#" when one was chosen.
 */
function checkSessionId(value: unknown): Checked<string> {
  const text = checkText(value, MAX_NAME + 40 + 65, 'a session ID');
  if (!text.ok) {
    return fail(`"sessionId" ${text.reason}`, SESSION_ARG_SHAPE);
  }
  const slash = text.value.lastIndexOf('/');
  const [instanceId, ...named] = text.value.slice(slash + 1).split('#');
  const roleSessionName = named.length === 0 ? undefined : named.join('#');
  if (slash <= 0 || !isInstanceId(instanceId) || (roleSessionName !== undefined && !isRoleSessionName(roleSessionName))) {
    return fail('"sessionId" is not <profile>/<instance ID>[#<role session name>]', SESSION_ARG_SHAPE);
  }
  return { ok: true, value: sessionId({ profile: text.value.slice(0, slash), instanceId: instanceId.toLowerCase(), roleSessionName }) };
}

/** A role session name as STS takes it (no trimming: STS would refuse the spaces, and the name must match exactly). */
function checkRoleSessionName(value: unknown): Checked<string> {
  if (isRoleSessionName(value)) {
    return { ok: true, value };
  }
  const what = typeof value === 'string' ? `is not a role session name (${ROLE_SESSION_NAME_RULE}, as STS takes them)` : `is ${describeType(value)}, not a role session name`;
  return { ok: false, reason: `"roleSessionName" ${what}` };
}

/** The problem, then the shape wanted. */
function fail(problem: string, shape: string): { ok: false; reason: string } {
  return { ok: false, reason: `${problem}; expected ${shape}.` };
}
