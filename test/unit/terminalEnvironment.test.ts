/** What terminals get from "Use in Terminals", by the chosen session's state. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { sessionVariables } from '../../src/core/exportFormats';
import { terminalEnvironment } from '../../src/core/terminalEnvironment';
import { SAMPLE_FETCHED_AT, sampleSession } from '../support/sessions';

describe('the terminal environment', () => {
  const session = sampleSession();
  const other = sampleSession({ profile: 'other' });
  const valid = SAMPLE_FETCHED_AT + 60_000;

  it("gives the chosen session's CONNECT_* variables, as Copy as Environment Variables names them, while its token is valid", () => {
    const state = terminalEnvironment(session.id, [other, session], valid);
    assert.equal(state.status, 'active');
    assert.deepEqual(state.variables, Object.fromEntries(sessionVariables(session)));
    assert.equal(state.variables.CONNECT_ACCESS_TOKEN, session.credentials.accessToken);
    assert.equal(Object.keys(state.variables).length, 9);
  });

  it('gives nothing when no session is chosen, the chosen one is not held, or its access token has expired', () => {
    assert.deepEqual(terminalEnvironment(undefined, [session], valid), { sessionId: undefined, status: undefined, variables: {}, fingerprint: '' });
    assert.deepEqual(terminalEnvironment(session.id, [other], valid), { sessionId: session.id, status: 'notHeld', variables: {}, fingerprint: '' });
    const expired = terminalEnvironment(session.id, [session], session.credentials.accessTokenExpiration);
    assert.deepEqual([expired.status, expired.variables, expired.session?.id], ['expired', {}, session.id]);
  });

  it("expires by this machine's clock corrected by the service's offset, as the countdown does", () => {
    const skewed = sampleSession({ clockOffsetMs: 20 * 60_000 });
    assert.equal(terminalEnvironment(skewed.id, [skewed], skewed.credentials.accessTokenExpiration - 21 * 60_000).status, 'active');
    assert.equal(terminalEnvironment(skewed.id, [skewed], skewed.credentials.accessTokenExpiration - 20 * 60_000).status, 'expired');
  });

  it('changes its fingerprint exactly when what terminals get changes, and keeps secrets out of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.string().map((s) => `EMUAT-${s}`), (later, token) => {
        const refetched = sampleSession({
          fetchedAt: SAMPLE_FETCHED_AT + later,
          credentials: { ...session.credentials, accessToken: token, accessTokenExpiration: SAMPLE_FETCHED_AT + later + 3_600_000 },
        });
        const before = terminalEnvironment(session.id, [session], valid);
        const after = terminalEnvironment(session.id, [refetched], valid);
        assert.notEqual(after.fingerprint, before.fingerprint);
        assert.equal(terminalEnvironment(session.id, [session], valid + 1000).fingerprint, before.fingerprint, 'time alone changes nothing');
        assert.ok(!after.fingerprint.includes(token) && !before.fingerprint.includes(session.credentials.accessToken));
      }),
    );
  });
});
