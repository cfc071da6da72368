/**
 * STS GetCallerIdentity — who signed — through the SDK's own STS client, the one its credential
 * providers assume roles with (@aws-sdk/nested-clients): its endpoint rules, Query protocol, SigV4
 * and retries. That client carries only the operations the providers need, so this one is declared
 * here the way the SDK's generated commands declare theirs: a static schema of the operation, which
 * the protocol serialises (an empty request) and reads the answer by.
 */
import { STSClient, type STSClientResolvedConfig } from '@aws-sdk/nested-clients/sts';
import { Command } from '@smithy/core/client';
import { getEndpointPlugin } from '@smithy/core/endpoints';
import type { EndpointParameterInstructions, MetadataBearer, StaticOperationSchema, StaticStructureSchema } from '@smithy/types';
import { Caller, callerOf } from '../connectUser';
import { InvalidResponseError } from './federation';

const NAMESPACE = 'com.amazonaws.sts';
const REQUEST: StaticStructureSchema = [3, NAMESPACE, 'GetCallerIdentityRequest', 0, [], []];
const RESPONSE: StaticStructureSchema = [3, NAMESPACE, 'GetCallerIdentityResponse', 0, ['UserId', 'Account', 'Arn'], [0, 0, 0]];
const OPERATION: StaticOperationSchema = [9, NAMESPACE, 'GetCallerIdentity', 0, () => REQUEST, () => RESPONSE];

/** The endpoint parameters every STS operation passes to the endpoint rules (the STS model's). */
const ENDPOINT_PARAMETERS: EndpointParameterInstructions = {
  UseGlobalEndpoint: { type: 'builtInParams', name: 'useGlobalEndpoint' },
  UseFIPS: { type: 'builtInParams', name: 'useFipsEndpoint' },
  Endpoint: { type: 'builtInParams', name: 'endpoint' },
  Region: { type: 'builtInParams', name: 'region' },
  UseDualStack: { type: 'builtInParams', name: 'useDualstackEndpoint' },
};

interface GetCallerIdentityOutput extends MetadataBearer {
  readonly UserId?: string;
  readonly Account?: string;
  readonly Arn?: string;
}

class GetCallerIdentityCommand extends Command.classBuilder<object, GetCallerIdentityOutput, STSClientResolvedConfig>()
  .ep(ENDPOINT_PARAMETERS)
  .m((CommandCtor: { getEndpointParameterInstructions(): EndpointParameterInstructions }, _stack: unknown, config: STSClientResolvedConfig) => [
    getEndpointPlugin(config, CommandCtor.getEndpointParameterInstructions()),
  ])
  .s('AWSSecurityTokenServiceV20110615', 'GetCallerIdentity', {})
  .n('STSClient', 'GetCallerIdentityCommand')
  .sc(OPERATION)
  .build() {}

/** The identity the client's credentials belong to; an answer without a well-formed ARN is an InvalidResponseError. */
export async function getCallerIdentity(client: STSClient, signal?: AbortSignal): Promise<Caller> {
  // The client's own operations are typed; this one is its schema's.
  const send = client.send.bind(client) as (command: GetCallerIdentityCommand, options: { abortSignal?: AbortSignal }) => Promise<GetCallerIdentityOutput>;
  const output = await send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  const caller = callerOf(output.Arn);
  if (!caller) {
    throw new InvalidResponseError('STS answered GetCallerIdentity without a well-formed ARN.');
  }
  return caller;
}
