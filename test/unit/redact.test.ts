import * as assert from 'node:assert/strict';
import { mask, maskUrl } from '../../src/core/mask';
import { redact, withoutUserinfo } from '../../src/core/redact';

describe('redact and mask', () => {
  it('removes known secrets, access key IDs and token parameters', () => {
    const text = redact(
      'token EMUAT-abcdefgh123 key AKIAEMULATORDEMO0001 url https://x.my.connect.aws/auth/sign-in?token=abc&x=1 Authorization: AWS4-HMAC-SHA256 Credential=...',
      ['EMUAT-abcdefgh123'],
    );
    assert.doesNotMatch(text, /EMUAT-abcdefgh123|EMULATORDEMO0001|token=abc|Credential=/);
    assert.match(text, /AKIA••••/);
    assert.match(text, /x=1/);
  });

  it('masks a secret to its last four characters, and a URL to where it goes', () => {
    assert.equal(mask('EMUAT-1234567890abcd'), '••••abcd');
    assert.equal(maskUrl('https://demo.my.connect.aws/auth/sign-in?token=SECRET'), 'https://demo.my.connect.aws/auth/sign-in?••••');
    assert.equal(maskUrl('not a url, but secret'), '••••cret');
  });

  it('redacts URL passwords, and never throws on whatever the secrets source holds', () => {
    assert.equal(redact('endpoint=http://admin:hunter2@proxy.example:8080/x'), `endpoint=http://admin:${'••••'}@proxy.example:8080/x`);
    assert.equal(redact('token EMUAT-abcdefgh123', [undefined, 42, null, 'EMUAT-abcdefgh123'] as unknown[]), 'token ••••');
    assert.equal(withoutUserinfo('http://admin:hunter2@127.0.0.1:4566/'), 'http://127.0.0.1:4566/');
    assert.equal(withoutUserinfo('https://connect.us-east-1.amazonaws.com'), 'https://connect.us-east-1.amazonaws.com');
  });
});
