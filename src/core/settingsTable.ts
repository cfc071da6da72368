/**
 * The extension's settings: one table of types, ranges and defaults (package.json's
 * `contributes.configuration` must say the same: a unit test compares them), and the one reader
 * that checks what VS Code hands over. settings.json is hand-edited and a workspace can set some of
 * them, so a value of the wrong type or out of range is reported and replaced by the default.
 */
import { ISOLATIONS, Isolation, MAX_BROWSER_ARGS, MAX_BROWSER_ARG_LENGTH, MAX_PATH, REMOTE_HOST_CHOICES, RemoteHostChoice } from './browsers';
import { describeType } from './checks';
import { ConnectionSettings } from './fetchPlan';

export const SECTION = 'connectFederation';

/** Everything the extension reads: its own settings, and VS Code's http.proxy. */
export interface ExtensionSettings extends ConnectionSettings {
  readonly expiryWarningMinutes: number;
  readonly expiryNotificationMinutes: number;
  readonly autoRefetch: boolean;
  readonly browser: string;
  readonly browserIsolation: Isolation;
  readonly browserArgs: readonly string[];
  readonly browserOnRemoteHost: RemoteHostChoice;
}

/**
 * Where a setting may be set (package.json's `scope`): `machine` keeps a workspace's settings from
 * redirecting signed requests, weakening TLS or choosing what the extension runs.
 */
interface Scoped {
  readonly scope?: 'machine' | 'window';
}

export type SettingSpec = Scoped &
  (
    /** A string takes one of `enum`, or any text up to `maxLength`. */
    | { readonly type: 'string'; readonly default: string; readonly maxLength?: number; readonly enum?: readonly string[] }
    | { readonly type: 'boolean'; readonly default: boolean }
    | { readonly type: 'number' | 'integer'; readonly default: number; readonly minimum: number; readonly maximum: number }
    /** A list of strings, each up to `items.maxLength`. */
    | { readonly type: 'array'; readonly default: readonly string[]; readonly maxItems: number; readonly items: { readonly type: 'string'; readonly maxLength: number } }
  );

type SpecOf<T> = T extends boolean
  ? Extract<SettingSpec, { type: 'boolean' }>
  : T extends number
    ? Extract<SettingSpec, { type: 'number' | 'integer' }>
    : T extends readonly string[]
      ? Extract<SettingSpec, { type: 'array' }>
      : Extract<SettingSpec, { type: 'string' }>;

/** The extension's own settings, by key under `connectFederation.`. */
export type OwnSettings = Omit<ExtensionSettings, 'proxy'>;

export const SETTINGS_TABLE: { readonly [K in keyof OwnSettings]: SpecOf<OwnSettings[K]> } = {
  region: { type: 'string', default: '', maxLength: 64, scope: 'window' },
  endpointUrl: { type: 'string', default: '', maxLength: 2048, scope: 'machine' },
  caBundle: { type: 'string', default: '', maxLength: 4096, scope: 'machine' },
  verifyTls: { type: 'boolean', default: true, scope: 'machine' },
  // The AWS CLI takes whole seconds; a day is beyond any sensible wait (and within setTimeout's range).
  connectTimeoutSeconds: { type: 'integer', default: 60, minimum: 0, maximum: 86_400 },
  readTimeoutSeconds: { type: 'integer', default: 60, minimum: 0, maximum: 86_400 },
  maxAttempts: { type: 'integer', default: 0, minimum: 0, maximum: 100 },
  retryMode: { type: 'string', default: '', enum: ['', 'standard', 'adaptive', 'legacy'] },
  expiryWarningMinutes: { type: 'number', default: 5, minimum: 0, maximum: 1440 },
  expiryNotificationMinutes: { type: 'number', default: 5, minimum: 0, maximum: 1440 },
  autoRefetch: { type: 'boolean', default: false },
  browser: { type: 'string', default: '', maxLength: MAX_PATH, scope: 'machine' },
  browserIsolation: { type: 'string', default: 'none', enum: ISOLATIONS },
  browserArgs: { type: 'array', default: [], maxItems: MAX_BROWSER_ARGS, items: { type: 'string', maxLength: MAX_BROWSER_ARG_LENGTH }, scope: 'machine' },
  browserOnRemoteHost: { type: 'string', default: 'ask', enum: REMOTE_HOST_CHOICES, scope: 'machine' },
};

/** VS Code's own `http.proxy` (its schema is VS Code's). */
export const PROXY_SETTING = { section: 'http', key: 'proxy', spec: { type: 'string', default: '', maxLength: 2048 } } as const;

/** Every setting's default, for callers without VS Code. */
export const DEFAULT_SETTINGS: ExtensionSettings = {
  ...(Object.fromEntries(Object.entries(SETTINGS_TABLE).map(([key, spec]) => [key, spec.default])) as unknown as OwnSettings),
  proxy: PROXY_SETTING.spec.default,
};

/** The defaults of the settings that decide where and how requests go. */
export const DEFAULT_CONNECTION_SETTINGS: ConnectionSettings = DEFAULT_SETTINGS;

export interface CheckedSettings {
  readonly settings: ExtensionSettings;
  /** One sentence per value replaced by its default: which setting, what it was, what it takes. */
  readonly problems: readonly string[];
}

/**
 * Reads every setting through `get` (`connectFederation.<key>`, or `http.proxy`; undefined when
 * unset) and checks it against the table.
 */
export function checkSettings(get: (section: string, key: string) => unknown): CheckedSettings {
  const problems: string[] = [];
  const read = (section: string, key: string, spec: SettingSpec): unknown => {
    const value = get(section, key);
    if (value === undefined) {
      return spec.default;
    }
    const problem = checkValue(spec, value);
    if (problem) {
      problems.push(`${section}.${key} ${problem}: the default, ${JSON.stringify(spec.default)}, is used.`);
      return spec.default;
    }
    return value;
  };
  const own = Object.fromEntries(Object.entries(SETTINGS_TABLE).map(([key, spec]) => [key, read(SECTION, key, spec)])) as unknown as OwnSettings;
  return { settings: { ...own, proxy: read(PROXY_SETTING.section, PROXY_SETTING.key, PROXY_SETTING.spec) as string }, problems };
}

/** Why a value does not fit its spec (never echoing it), or undefined when it does. */
export function checkValue(spec: SettingSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `is ${describeType(value)}, not true or false`;
    case 'string':
      if (typeof value !== 'string') {
        return `is ${describeType(value)}, not text`;
      }
      if (spec.enum) {
        return spec.enum.includes(value) ? undefined : `is not one of ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}`;
      }
      return spec.maxLength !== undefined && value.length > spec.maxLength ? `is longer than ${spec.maxLength} characters` : undefined;
    case 'array':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        return `is ${describeType(value)}, not a list of text`;
      }
      if (value.length > spec.maxItems) {
        return `has more than ${spec.maxItems} items`;
      }
      return value.some((item: string) => item.length > spec.items.maxLength) ? `has an item longer than ${spec.items.maxLength} characters` : undefined;
    case 'number':
    case 'integer': {
      const wanted = `${spec.type === 'integer' ? 'a whole number' : 'a number'} from ${spec.minimum} to ${spec.maximum}`;
      const fits = typeof value === 'number' && Number.isFinite(value) && (spec.type === 'number' || Number.isInteger(value));
      if (!fits) {
        return `is ${typeof value === 'number' ? (Number.isFinite(value) ? 'a fraction' : String(value)) : describeType(value)}, not ${wanted}`;
      }
      return value < spec.minimum || value > spec.maximum ? `is out of range: it takes ${wanted}` : undefined;
    }
  }
}
