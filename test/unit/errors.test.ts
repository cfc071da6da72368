import * as assert from 'node:assert/strict';
import { FailureContext, explainFailure } from '../../src/core/errors';

const ctx: FailureContext = {
  operation: 'GetFederationToken',
  profile: 'dev',
  profileExists: true,
  region: 'us-east-1',
  instanceId: '5d5c4f2e-1111-4a2b-9c3d-0123456789ab',
  secrets: ['EMUAT-very-secret-token'],
};

function serviceError(name: string, message: string, status: number, attempts = 1) {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'req-1', attempts } });
}

function networkError(code: string) {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

describe('explainFailure', () => {
  const cases: [string, unknown, Partial<FailureContext>, string, RegExp][] = [
    ['root credentials', serviceError('InvalidRequestException', 'Provided identity: Principal: arn:aws:iam::123456789012:root User: arn:aws:iam::123456789012:root cannot be used for federation with Amazon Connect', 400), {}, 'rootCredentials', /root user.*IAM user or role/],
    ['a user missing from the instance', serviceError('UserNotFoundException', 'No user', 404), {}, 'userNotFound', /no Connect user.*SAML/],
    ['an instance not in the region', serviceError('ResourceNotFoundException', 'Instance not found', 404), {}, 'instanceNotFound', /not found in us-east-1.*instance ARN/],
    ['a bad parameter', serviceError('InvalidParameterException', 'InstanceId is invalid.', 400), {}, 'invalidParameter', /InstanceId is invalid/],
    ['a missing permission', serviceError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/denied is not authorized', 403), {}, 'accessDenied', /connect:GetFederationToken/],
    ['throttling after the SDK retries', serviceError('ThrottlingException', 'Rate exceeded', 429, 3), {}, 'throttled', /throttling requests \(still after 3 attempts\)/],
    ['an internal service error', serviceError('InternalServiceException', 'boom', 500, 3), {}, 'serviceError', /internal error \(still after 3 attempts\)/],
    ['a duplicate resource', serviceError('DuplicateResourceException', 'Duplicate', 409), {}, 'duplicateResource', /already linked to another IAM identity \(DuplicateResourceException: Duplicate\)/],
    ['another window holding the sessions\' lock', Object.assign(new Error('Another VS Code window held /g/state.lock for more than 30 s.'), { name: 'LockTimeoutError' }), {}, 'storage', /^Another VS Code window held \/g\/state\.lock for more than 30 s\. The token was not saved: .*close it; then fetch again\.$/],
    ['a source_profile cycle', Object.assign(new Error('Detected a cycle attempting to resolve credentials for profile dev. Profiles visited: base, dev'), { name: 'CredentialsProviderError' }), {}, 'configuration', /source_profile chain of profile dev is a loop \(profiles visited: base, dev\)/],
    ['a credential_process printing megabytes', Object.assign(new Error('stdout maxBuffer length exceeded'), { name: 'CredentialsProviderError' }), {}, 'credentialProcess', /printed more than 1 MB/],
    ['an answer that cannot be used', Object.assign(new Error('Amazon Connect answered with a federation token that cannot be used: x.\n  Deserialization error: …'), { name: 'InvalidResponseError' }), {}, 'invalidResponse', /cannot be used: x\. Nothing was stored\./],
    ['a token that arrives expired', Object.assign(new Error('its access token had expired 1 min before it arrived'), { name: 'UnusableTokenError' }), {}, 'unusableToken', /no use: its access token had expired 1 min before it arrived\. Nothing was stored/],
    ['the deadline, waiting for sign-in', Object.assign(new Error('late'), { name: 'DeadlineExceededError', budgetMs: 3000, phase: 'credentials' }), {}, 'timeout', /Gave up after 3 s: signing in with profile dev/],
    ['another invalid request', serviceError('InvalidRequestException', 'Bad request', 400), {}, 'invalidRequest', /rejected the request: Bad request/],
    ['an unknown access key', serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403), {}, 'invalidCredentials', /refused the credentials of profile dev/],
    ['a wrong secret key', serviceError('InvalidSignatureException', 'The request signature we calculated does not match', 403), {}, 'invalidCredentials', /secret or session token/],
    ['an unknown profile', Object.assign(new Error('Could not resolve credentials using profile: [dev] in configuration/credentials file(s).'), { name: 'CredentialsProviderError' }), { profileExists: false }, 'profileNotFound', /not in your AWS config/],
    ['a profile without credentials', Object.assign(new Error('Could not resolve credentials using profile: [dev] in configuration/credentials file(s).'), { name: 'CredentialsProviderError' }), {}, 'noCredentials', /has no credentials/],
    ['a source_profile without credentials', Object.assign(new Error('Could not resolve credentials using profile: [base] in configuration/credentials file(s).'), { name: 'CredentialsProviderError' }), {}, 'noCredentials', /from profile base/],
    ['an expired SSO session', Object.assign(new Error("The SSO session token associated with profile=dev was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile."), { name: 'CredentialsProviderError' }), {}, 'ssoExpired', /aws sso login --profile dev/],
    ['a failing credential_process', Object.assign(new Error('Command failed: /usr/local/bin/creds'), { name: 'CredentialsProviderError' }), {}, 'credentialProcess', /credential_process of profile dev failed/],
    ['a refused connection to a custom endpoint', networkError('ECONNREFUSED'), { endpoint: 'http://127.0.0.1:9' }, 'connectionRefused', /127\.0\.0\.1:9: connection refused.*endpoint/],
    ['a DNS failure', networkError('ENOTFOUND'), {}, 'hostNotFound', /resolve connect\.us-east-1\.amazonaws\.com/],
    ['a region without Connect', networkError('ENOTFOUND'), { region: 'eu-south-2' }, 'hostNotFound', /not available in eu-south-2/],
    ['a timeout', Object.assign(new Error('Connection timed out after 60000 ms'), { name: 'TimeoutError' }), {}, 'timeout', /No answer from/],
    ['a reset connection (nested cause)', Object.assign(new Error('socket hang up'), { cause: networkError('ECONNRESET') }), {}, 'network', /connection to .* failed \(ECONNRESET\)/],
    ['a cancelled request', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), {}, 'cancelled', /Cancelled/],
    ['an unmodelled server error', serviceError('ServiceUnavailable', 'unavailable', 503, 3), {}, 'serviceError', /HTTP 503/],
    ['a reset the SDK names TimeoutError', Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), {}, 'network', /ECONNRESET/],
    ['an untrusted certificate', Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), {}, 'tlsUntrusted', /not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*caBundle/],
    ['an unreadable CA bundle', Object.assign(new Error('The CA bundle /x.pem (from AWS_CA_BUNDLE) cannot be read (ENOENT).'), { name: 'ConfigurationError' }), {}, 'configuration', /CA bundle \/x\.pem.*Fix the setting/],
    ['an MFA code STS refused', serviceError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403), {}, 'mfaRejected', /MFA code for profile dev was not accepted/],
    ['a role that may not be assumed', serviceError('AccessDenied', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole', 403), {}, 'roleDenied', /may not assume its role.*trust policy/],
    ['the SSO portal refusing the cached token', serviceError('UnauthorizedException', 'Session token not found or invalid', 401), { operation: 'SignIn' }, 'ssoExpired', /aws sso login --profile dev/],
    ['the SSO portal out of reach while signing in', Object.assign(new Error('getaddrinfo ENOTFOUND portal.sso.us-east-1.amazonaws.com'), { name: 'CredentialsProviderError' }), { operation: 'SignIn', region: '' }, 'hostNotFound', /resolve the AWS sign-in service/],
    ['STS refusing connections while signing in', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { name: 'CredentialsProviderError' }), { operation: 'SignIn', region: '' }, 'connectionRefused', /sign-in service.*refused/],
    ['anything else', new Error('something odd'), {}, 'unknown', /Error: something odd/],
  ];
  for (const [name, error, extra, kind, message] of cases) {
    it(`explains ${name}`, () => {
      const failure = explainFailure(error, { ...ctx, ...extra });
      assert.equal(failure.kind, kind);
      assert.match(failure.message, message);
    });
  }

  it('keeps a credential process\'s stderr out of the log', () => {
    const failure = explainFailure(Object.assign(new Error('Command failed: /usr/local/bin/creds --token s3cr3t\nstack trace with s3cr3t'), { name: 'CredentialsProviderError' }), ctx);
    assert.doesNotMatch(failure.detail, /s3cr3t/);
  });

  it('never lets a secret into the message or the log detail', () => {
    const failure = explainFailure(serviceError('InvalidRequestException', 'echo EMUAT-very-secret-token and AKIAEMULATORDEMO0001', 400), ctx);
    assert.doesNotMatch(failure.message + failure.detail, /EMUAT-very-secret-token|EMULATORDEMO0001/);
    assert.match(failure.detail, /HTTP 400 requestId=req-1 attempts=1/);
  });

  it('offers what to do next: SSO login, retry, settings', () => {
    assert.deepEqual(explainFailure(Object.assign(new Error('SSO session expired'), { name: 'CredentialsProviderError' }), ctx).actions, ['ssoLogin', 'retry', 'showLog']);
    assert.ok(explainFailure(serviceError('ThrottlingException', 'x', 429), ctx).actions.includes('retry'));
    assert.ok(explainFailure(serviceError('ResourceNotFoundException', 'x', 404), ctx).actions.includes('openSettings'));
    assert.deepEqual(explainFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }), ctx).actions, []);
  });
});
