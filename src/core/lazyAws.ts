import type * as AwsModule from './aws';

export type Aws = typeof AwsModule;

let aws: Aws | undefined;

/**
 * The AWS SDK half of the extension. esbuild.mjs bundles it separately (dist/aws.js) and leaves
 * this require in place, so activation never parses the SDK; the first call loads it.
 */
export function loadAws(): Aws {
  return (aws ??= require('./aws') as Aws);
}
