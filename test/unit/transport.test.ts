import * as assert from 'node:assert/strict';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/core/settingsTable';
import { bypassesProxy, resolveTransport } from '../../src/core/transport';

const defaults = DEFAULT_CONNECTION_SETTINGS;

describe('resolveTransport', () => {
  it('uses the AWS CLI defaults: verify TLS, 60 s timeouts, 3 attempts, standard retries, no proxy', () => {
    assert.deepEqual(resolveTransport(defaults, {}), {
      caBundle: undefined,
      verifyTls: true,
      connectTimeoutMs: 60_000,
      readTimeoutMs: 60_000,
      maxAttempts: 3,
      retryMode: 'standard',
      proxy: undefined,
    });
  });

  it('takes the CA bundle from the setting, then AWS_CA_BUNDLE, then the profile', () => {
    const env = { AWS_CA_BUNDLE: '/env.pem' };
    const profile = { ca_bundle: '/profile.pem' };
    assert.equal(resolveTransport({ ...defaults, caBundle: '/setting.pem' }, env, profile).caBundle?.value, '/setting.pem');
    assert.equal(resolveTransport(defaults, env, profile).caBundle?.source, 'AWS_CA_BUNDLE');
    assert.equal(resolveTransport(defaults, {}, profile).caBundle?.value, '/profile.pem');
  });

  it('takes attempts and retry mode from the setting, then AWS_MAX_ATTEMPTS / AWS_RETRY_MODE, then the profile', () => {
    const env = { AWS_MAX_ATTEMPTS: '5', AWS_RETRY_MODE: 'adaptive' };
    const profile = { max_attempts: '7', retry_mode: 'legacy' };
    assert.equal(resolveTransport({ ...defaults, maxAttempts: 2, retryMode: 'standard' }, env, profile).maxAttempts, 2);
    assert.equal(resolveTransport({ ...defaults, maxAttempts: 2, retryMode: 'standard' }, env, profile).retryMode, 'standard');
    assert.equal(resolveTransport(defaults, env, profile).maxAttempts, 5);
    assert.equal(resolveTransport(defaults, env, profile).retryMode, 'adaptive');
    assert.equal(resolveTransport(defaults, {}, profile).maxAttempts, 7);
    assert.equal(resolveTransport(defaults, {}, profile).retryMode, 'legacy');
    assert.equal(resolveTransport(defaults, { AWS_MAX_ATTEMPTS: 'many', AWS_RETRY_MODE: 'eager' }).maxAttempts, 3, 'nonsense is ignored');
  });

  it('converts timeouts to milliseconds', () => {
    const transport = resolveTransport({ ...defaults, connectTimeoutSeconds: 5, readTimeoutSeconds: 0.5 }, {});
    assert.equal(transport.connectTimeoutMs, 5000);
    // The AWS CLI takes whole seconds: a fraction rounds up (0.5 must not mean "no limit").
    assert.equal(transport.readTimeoutMs, 1000);
    assert.equal(resolveTransport({ ...defaults, connectTimeoutSeconds: 2.5 }, {}).connectTimeoutMs, 3000);
  });

  it('takes the proxy from http.proxy, then HTTPS_PROXY, then HTTP_PROXY, and keeps NO_PROXY for each request', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', HTTP_PROXY: 'http://plain:3128', NO_PROXY: 'localhost,.internal.example' };
    assert.equal(resolveTransport({ ...defaults, proxy: 'http://vscode-proxy:8080' }, env).proxy?.value, 'http://vscode-proxy:8080');
    assert.equal(resolveTransport(defaults, env).proxy?.source, 'HTTPS_PROXY');
    assert.equal(resolveTransport(defaults, { http_proxy: 'http://lower:1' }).proxy?.value, 'http://lower:1');
    assert.equal(resolveTransport(defaults, env).noProxy, 'localhost,.internal.example');
  });

  it('expands ~ in the CA bundle path, from the setting, AWS_CA_BUNDLE or the profile, as the AWS CLI does', () => {
    const env = { HOME: '/home/me' };
    assert.equal(resolveTransport({ ...defaults, caBundle: '~/ca.pem' }, env).caBundle?.value, '/home/me/ca.pem');
    assert.equal(resolveTransport(defaults, { ...env, AWS_CA_BUNDLE: '~' }).caBundle?.value, '/home/me');
    assert.equal(resolveTransport(defaults, env, { ca_bundle: '~/certs/corp.pem' }).caBundle?.value, '/home/me/certs/corp.pem');
    assert.equal(resolveTransport(defaults, env, { ca_bundle: '~other/ca.pem' }).caBundle?.value, '~other/ca.pem');
  });
});

describe('bypassesProxy', () => {
  it('matches NO_PROXY entries as curl does', () => {
    assert.equal(bypassesProxy('127.0.0.1:4599', '127.0.0.1'), true);
    assert.equal(bypassesProxy('api.example.com', 'example.com'), true);
    assert.equal(bypassesProxy('api.example.com', '.example.com'), true);
    assert.equal(bypassesProxy('badexample.com', 'example.com'), false);
    assert.equal(bypassesProxy('anything', '*'), true);
    assert.equal(bypassesProxy('connect.us-east-1.amazonaws.com', undefined), false);
  });
});
