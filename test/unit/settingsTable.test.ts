import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { awsCliCommand } from '../../src/core/cliCommand';
import { MAX_BACKGROUND_FETCH_MS, fetchBudgetMs } from '../../src/core/deadline';
import { resolveTransport } from '../../src/core/transport';
import { DEFAULT_SETTINGS, SECTION, SETTINGS_TABLE, SettingSpec, checkSettings, checkValue } from '../../src/core/settingsTable';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
};

/** What a spec says in JSON-schema terms, as package.json must say it. */
function schemaOf(spec: SettingSpec): Record<string, unknown> {
  const { type, default: defaultValue, ...rest } = spec;
  return { type, default: defaultValue, ...rest };
}

const SCHEMA_KEYS = ['type', 'default', 'minimum', 'maximum', 'maxLength', 'enum', 'maxItems', 'items', 'scope'];

describe('the settings table', () => {
  it("equals package.json's contributes.configuration: the same settings, types, defaults, ranges, choices and scopes", () => {
    const contributed = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(contributed).sort(), Object.keys(SETTINGS_TABLE).map((key) => `${SECTION}.${key}`).sort());
    for (const [key, spec] of Object.entries(SETTINGS_TABLE)) {
      const declared = Object.fromEntries(Object.entries(contributed[`${SECTION}.${key}`]).filter(([name]) => SCHEMA_KEYS.includes(name)));
      assert.deepEqual(declared, schemaOf(spec), key);
    }
  });

  it('keeps to the machine what redirects signed requests, weakens TLS or chooses what runs (README: a workspace cannot)', () => {
    const machine = Object.entries(SETTINGS_TABLE)
      .filter(([, spec]) => spec.scope === 'machine')
      .map(([key]) => key)
      .sort();
    assert.deepEqual(machine, ['browser', 'browserArgs', 'browserOnRemoteHost', 'caBundle', 'endpointUrl', 'verifyTls']);
  });

  it('makes the timeouts whole seconds, as the AWS CLI takes them', () => {
    assert.equal(SETTINGS_TABLE.connectTimeoutSeconds.type, 'integer');
    assert.equal(SETTINGS_TABLE.readTimeoutSeconds.type, 'integer');
  });

  it('describes readTimeoutSeconds as the fetch applies it: the whole body within it, and one deadline of both timeouts per fetch', () => {
    const text = String(manifest.contributes.configuration.properties[`${SECTION}.readTimeoutSeconds`].markdownDescription);
    assert.match(text, /the whole response body must also arrive within this time/);
    assert.match(text, /A fetch as a whole \(credentials, request and body\) has a deadline of `#connectFederation\.connectTimeoutSeconds#` plus this/);
    assert.equal(fetchBudgetMs({ connectTimeoutMs: 7_000, readTimeoutMs: 9_000 }, false), 16_000, 'the deadline it describes');
    assert.equal(fetchBudgetMs({ connectTimeoutMs: 0, readTimeoutMs: 9_000 }, false), undefined, 'with either at 0, only Cancel');
    assert.match(text, new RegExp(`an automatic re-fetch still ends within ${MAX_BACKGROUND_FETCH_MS / 60_000} minutes`));
    assert.equal(fetchBudgetMs({ connectTimeoutMs: 0, readTimeoutMs: 0 }, true), MAX_BACKGROUND_FETCH_MS);
  });

  it('reads unset settings as their defaults, with no problem', () => {
    assert.deepEqual(checkSettings(() => undefined), { settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('keeps every value that fits', () => {
    const values: Record<string, unknown> = { region: 'eu-west-2', connectTimeoutSeconds: 0, readTimeoutSeconds: 86_400, retryMode: 'adaptive', expiryWarningMinutes: 2.5, autoRefetch: true };
    const { settings, problems } = checkSettings((section, key) => (section === SECTION ? values[key] : key === 'proxy' ? 'http://proxy:3128' : undefined));
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, ...values, proxy: 'http://proxy:3128' });
  });

  const wrong: [string, string, unknown, RegExp][] = [
    ['a string timeout', 'connectTimeoutSeconds', 'abc', /^connectFederation\.connectTimeoutSeconds is a string, not a whole number from 0 to 86400: the default, 60, is used\.$/],
    ['a fractional timeout', 'readTimeoutSeconds', 1.5, /is a fraction, not a whole number/],
    ['a negative timeout', 'connectTimeoutSeconds', -1, /is out of range: it takes a whole number from 0 to 86400/],
    ['NaN', 'maxAttempts', Number.NaN, /is NaN, not a whole number/],
    ['Infinity', 'expiryWarningMinutes', Infinity, /is Infinity, not a number from 0 to 1440/],
    ['a boolean given as a string', 'verifyTls', 'false', /^connectFederation\.verifyTls is a string, not true or false: the default, true, is used\.$/],
    ['an unknown retry mode', 'retryMode', 'fast', /is not one of "", "standard", "adaptive", "legacy"/],
    ['an object for a path', 'caBundle', { path: '/x' }, /is an object, not text/],
    ['a huge endpoint', 'endpointUrl', `http://${'x'.repeat(5000)}`, /is longer than 2048 characters/],
    ['browser arguments given as one string', 'browserArgs', '--headless --incognito', /^connectFederation\.browserArgs is a string, not a list of text: the default, \[\], is used\.$/],
    ['a browser argument that is no string', 'browserArgs', ['--headless', 1], /is an array, not a list of text/],
    ['too many browser arguments', 'browserArgs', Array.from({ length: 33 }, () => '-x'), /has more than 32 items/],
    ['an unknown isolation', 'browserIsolation', 'incognito', /is not one of "none", "perSession", "private"/],
  ];
  for (const [name, key, value, expected] of wrong) {
    it(`replaces ${name} by the default and says so, without repeating the value`, () => {
      const { settings, problems } = checkSettings((section, k) => (section === SECTION && k === key ? value : undefined));
      assert.equal(settings[key as keyof typeof settings], SETTINGS_TABLE[key as keyof typeof SETTINGS_TABLE].default);
      assert.equal(problems.length, 1);
      assert.match(problems[0], expected);
      assert.ok(problems[0].length < 200);
    });
  }

  it('never lets a wrong value through to the AWS CLI command (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (connect, read) => {
        const { settings } = checkSettings((_section, key) => (key === 'connectTimeoutSeconds' ? connect : key === 'readTimeoutSeconds' ? read : undefined));
        for (const seconds of [settings.connectTimeoutSeconds, settings.readTimeoutSeconds]) {
          assert.ok(Number.isInteger(seconds) && seconds >= 0 && seconds <= 86_400, String(seconds));
        }
        const command = awsCliCommand({ profile: 'demo', instanceId: 'i', region: 'us-east-1', transport: resolveTransport(settings, {}) }, 'linux');
        assert.doesNotMatch(command, /NaN|undefined|Infinity|\[object|\d\.\d/);
      }),
    );
  });

  it('accepts exactly the values of each spec (property)', () => {
    for (const spec of Object.values(SETTINGS_TABLE)) {
      fc.assert(fc.property(fc.anything(), (value) => (checkValue(spec, value) === undefined) === fits(spec, value)));
    }
  });
});

/** The spec's rule, said the other way round. */
function fits(spec: SettingSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string' && (spec.enum ? spec.enum.includes(value) : value.length <= (spec.maxLength ?? Infinity));
    case 'array':
      return Array.isArray(value) && value.length <= spec.maxItems && value.every((item) => typeof item === 'string' && item.length <= spec.items.maxLength);
    default:
      return typeof value === 'number' && value >= spec.minimum && value <= spec.maximum && (spec.type === 'number' || Number.isInteger(value));
  }
}
