/**
 * What the instance pick offers for a profile: recent instances, the instances ListInstances
 * found, and what the user typed (a usable ID/ARN, or why it is not one).
 */
import { InstanceRef, parseInstanceInput } from './instanceRef';
import { RecentInstance } from './recents';

export interface ListedInstance {
  readonly instanceId: string;
  readonly arn?: string;
  readonly alias?: string;
  readonly status?: string;
}

type KnownChoice =
  | { readonly kind: 'recent'; readonly ref: InstanceRef; readonly alias?: string; readonly usedAt: number }
  | { readonly kind: 'listed'; readonly ref: InstanceRef; readonly alias?: string; readonly status?: string };

export type InstanceChoice =
  | KnownChoice
  | { readonly kind: 'typed'; readonly ref: InstanceRef; readonly alias?: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface ChoiceInputs {
  readonly typed: string;
  readonly recents: readonly RecentInstance[];
  readonly listed: readonly ListedInstance[];
  /** The region the listing is for: a listed instance lives there. */
  readonly listingRegion?: string;
}

export function instanceChoices(inputs: ChoiceInputs): InstanceChoice[] {
  const aliases = new Map(inputs.listed.map((i) => [i.instanceId, i.alias]));
  const recents: KnownChoice[] = inputs.recents.map((r) => ({
    kind: 'recent',
    ref: refOf(r.instanceId, r.arn, r.region),
    alias: aliases.get(r.instanceId) ?? r.alias,
    usedAt: r.usedAt,
  }));
  const recentIds = new Set(inputs.recents.map((r) => r.instanceId));
  const listed: KnownChoice[] = inputs.listed
    .filter((i) => !recentIds.has(i.instanceId))
    .map((i) => ({ kind: 'listed', ref: refOf(i.instanceId, i.arn, inputs.listingRegion), alias: i.alias, status: i.status }));
  const typed = typedChoice(inputs.typed, [...recents, ...listed]);
  return typed ? [typed, ...recents, ...listed] : [...recents, ...listed];
}

/**
 * A valid ID or ARN becomes a choice of its own (unless it is one already listed). Invalid input
 * gets its reason only when it is clearly meant as an ID or ARN: text that merely filters the
 * list by alias is left alone.
 */
function typedChoice(typed: string, others: readonly KnownChoice[]): InstanceChoice | undefined {
  const text = typed.trim();
  if (text === '') {
    return undefined;
  }
  const parsed = parseInstanceInput(text);
  if (parsed.ok) {
    const known = others.find((c) => c.ref.instanceId === parsed.ref.instanceId);
    // A bare ID already listed needs no row of its own; an ARN does (its region wins), with the alias the list knows.
    return known && !parsed.ref.arn ? undefined : { kind: 'typed', ref: parsed.ref, alias: known?.alias };
  }
  const needle = text.toLowerCase();
  const filtersSomething = others.some(
    (c) => (c.ref.instanceId.includes(needle) || (c.alias ?? '').toLowerCase().includes(needle)),
  );
  return needle.startsWith('arn:') || !filtersSomething ? { kind: 'invalid', reason: parsed.reason } : undefined;
}

function refOf(instanceId: string, arn: string | undefined, region: string | undefined): InstanceRef {
  const fromArn = arn ? parseInstanceInput(arn) : undefined;
  return fromArn?.ok ? fromArn.ref : { instanceId, region };
}
