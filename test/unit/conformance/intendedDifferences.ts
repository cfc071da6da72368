/**
 * The differences from the AWS CLI that the extension keeps on purpose. Each is listed in the
 * README (its ID in the settings table or the region order); the conformance tests count a
 * disagreement as intended only when it is one of these, and fail on any other.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const INTENDED_DIFFERENCES = {
  'inline-comment': 'A value followed by a # or ; comment: the CLI reads the comment as part of the value (and then fails); the extension reads it as the SDK does, without the comment, and says so in the pick and the log.',
  'continuation-line': 'A value continued on an indented line: the CLI reads a multi-line value (and then fails); the extension takes the first line and says so.',
  'refused-file': 'A file the CLI refuses (byte-order mark, duplicate section or key, a line that is no key = value, not UTF-8): the extension reads it as the SDK does and says so in the pick and the log.',
  'region-environment': 'AWS_DEFAULT_REGION (or, with CLI v2, AWS_REGION) beats a profile\'s region in the CLI; in the extension the picked profile\'s region wins.',
  'credential-order': 'A profile with more than one kind of credentials: the SDK (and so the extension) takes a role, then access keys, web identity, credential_process, then SSO; the CLI takes a role, web identity, SSO, credentials-file keys, credential_process, then config-file keys.',
  'endpoint-variant': "FIPS or dual-stack where botocore's endpoint data has no such variant for Connect (dual-stack in the ISO partitions): the CLI refuses; the extension goes to the host the SDK's endpoint rules give.",
} as const;

export type IntendedDifference = keyof typeof INTENDED_DIFFERENCES;

/** The IDs the README lists, as `conformance: <id>`. */
export function readmeListed(): Set<string> {
  const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
  return new Set([...readme.matchAll(/conformance: ([a-z-]+)/g)].map((m) => m[1]));
}
