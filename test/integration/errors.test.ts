/** Every failure a user can meet, through the commands: explained, and nothing stored is lost. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FailureKind } from '../../src/core/errors';
import { FederationSession } from '../../src/core/session';
import { DEMO_INSTANCE_ID, LONDON_INSTANCE } from '../emulator/fixtures';
import { Fixture } from './support';

describe('failures in a real extension host', () => {
  let fixture: Fixture;
  let held: FederationSession;

  before(async () => {
    fixture = await Fixture.start();
    const outcome = await fixture.getToken({ profile: 'demo', instance: DEMO_INSTANCE_ID });
    assert.ok(outcome?.ok);
    held = outcome.session;
  });
  after(() => fixture.dispose());
  beforeEach(() => {
    fixture.emulator.reset();
    fixture.emulator.clearRequests();
  });
  afterEach(() => {
    assert.deepEqual(
      fixture.api.store.list().map((s) => [s.id, s.credentials.accessToken]),
      [[held.id, held.credentials.accessToken]],
      'the session held before the failure is intact',
    );
  });

  async function failureOf(args: { profile: string; instance: string }): Promise<{ kind: FailureKind; message: string }> {
    const outcome = await fixture.getToken(args);
    assert.ok(outcome && !outcome.ok, 'the fetch should fail');
    return outcome.failure;
  }

  const cases: [string, { profile: string; instance: string }, FailureKind, RegExp][] = [
    ['root credentials', { profile: 'root', instance: DEMO_INSTANCE_ID }, 'rootCredentials', /root user/],
    ['no Connect user', { profile: 'nouser', instance: DEMO_INSTANCE_ID }, 'userNotFound', /no Connect user/],
    ['a missing permission', { profile: 'denied', instance: DEMO_INSTANCE_ID }, 'accessDenied', /connect:GetFederationToken/],
    ['an instance of another region', { profile: 'demo', instance: LONDON_INSTANCE.id }, 'instanceNotFound', /not found in us-east-1/],
    ['an expired SSO session', { profile: 'sso', instance: DEMO_INSTANCE_ID }, 'ssoExpired', /aws sso login --profile sso/],
  ];
  for (const [name, args, kind, message] of cases) {
    it(`explains ${name}`, async () => {
      const failure = await failureOf(args);
      assert.equal(failure.kind, kind);
      assert.match(failure.message, message);
    });
  }

  it('explains throttling that outlasts the SDK retries', async () => {
    fixture.emulator.fail({ operation: 'GetFederationToken', error: 'ThrottlingException', count: -1 });
    const failure = await failureOf({ profile: 'demo', instance: DEMO_INSTANCE_ID });
    assert.equal(failure.kind, 'throttled');
    assert.equal(fixture.connectRequests().length, 3);
  });

  it('explains a refused connection to the configured endpoint', async () => {
    const config = vscode.workspace.getConfiguration('connectFederation');
    await config.update('endpointUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      const failure = await failureOf({ profile: 'demo', instance: DEMO_INSTANCE_ID });
      assert.equal(failure.kind, 'connectionRefused');
      assert.match(failure.message, /127\.0\.0\.1:9/);
    } finally {
      await config.update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('sends nothing for an unknown profile or a malformed instance', async () => {
    for (const args of [
      { profile: 'ghost', instance: DEMO_INSTANCE_ID },
      { profile: 'demo', instance: 'arn:aws:s3:::bucket' },
      { profile: 'demo', instance: 'demo-prod' },
    ]) {
      assert.equal(await fixture.getToken(args), undefined, `no fetch for ${JSON.stringify(args)}`);
    }
    assert.deepEqual(fixture.connectRequests(), []);
  });
});
