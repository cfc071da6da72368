/**
 * The AWS shared config and credentials files read as the AWS CLI reads them: Python's
 * configparser (keys lower-cased, `=` or `:`, whole-line comments only, indented continuation
 * lines, `[DEFAULT]` applied to every section, duplicates refused), then botocore's profile map
 * (`[profile name]` split like a shell word, `[default]`, credentials-file sections named as they
 * are). Every place where the CLI refuses a file, or would read a value otherwise than the AWS SDK
 * for JavaScript, becomes a note for the profile pick and the log.
 *
 * The SDK's own loader differs from the CLI in each of those points, so it is handed this reading
 * instead (`sdkConfigText`), and the SDK's credential providers see the profiles the CLI sees.
 */

/** One section's settings: lower-case keys (nested ones as `parent.key`), in a prototype-less object. */
export type Settings = Readonly<Record<string, string>>;

export type FileKind = 'config' | 'credentials';

export interface ConfigNote {
  readonly file: FileKind;
  readonly line?: number;
  /** True: the AWS CLI refuses the whole file, so every `aws` command fails until it is fixed. */
  readonly refused: boolean;
  readonly message: string;
  /** The profile the note concerns; undefined for the whole file. */
  readonly profile?: string;
}

export interface SharedConfig {
  /** Every profile the CLI knows, config-file keys overridden by credentials-file keys. */
  readonly profiles: ReadonlyMap<string, Settings>;
  readonly ssoSessions: ReadonlyMap<string, Settings>;
  readonly services: ReadonlyMap<string, Settings>;
  readonly notes: readonly ConfigNote[];
}

const SECTION = /^\[([^\n]+)\]/;
// str.splitlines() separators.
const SPLITLINES = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
/** What the SDK's loader takes for the start of a comment anywhere on a line. */
const SDK_INLINE_COMMENT = /(^|\s)[;#]/;

/**
 * Python's str.isspace(): what strip() removes and what \s matches in configparser. Tested a
 * character at a time: a regular expression such as /\s+$/ backtracks over every run of spaces,
 * quadratic in a long line.
 */
function isPySpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The index of the first character that is no space; the length when there is none. */
function spaceEnd(text: string): number {
  let start = 0;
  while (start < text.length && isPySpace(text.charCodeAt(start))) {
    start++;
  }
  return start;
}

function pyRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPySpace(text.charCodeAt(end - 1))) {
    end--;
  }
  return text.slice(0, end);
}

function pyStrip(text: string): string {
  return pyRstrip(text.slice(spaceEnd(text)));
}

function emptySettings(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

interface RawOption {
  readonly line: number;
  readonly lines: string[];
}

interface RawSection {
  readonly name: string;
  readonly line: number;
  readonly options: Map<string, RawOption>;
}

interface RawFile {
  readonly sections: RawSection[];
  readonly defaults: Map<string, RawOption>;
}

/**
 * configparser.RawConfigParser's reading (strict, empty lines inside values), carrying on where
 * it would stop: a duplicate section merges, a duplicate key replaces, a stray line is skipped —
 * as the SDK's loader does — with a note that the CLI refuses the file.
 */
function readIni(text: string, file: FileKind, notes: ConfigNote[]): RawFile {
  const sections = new Map<string, RawSection>();
  const defaults = new Map<string, RawOption>();
  const refuse = (line: number, message: string): void => {
    notes.push({ file, line, refused: true, message });
  };
  let current: Map<string, RawOption> | undefined;
  let option: RawOption | undefined;
  let indentLevel = 0;
  // The CLI reads a byte-order mark as part of the first line, which then is no [section].
  if (text.charCodeAt(0) === 0xfeff) {
    refuse(1, 'it starts with a byte-order mark (save it as UTF-8 without BOM)');
    text = text.slice(1);
  }
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const stripped = pyStrip(raw);
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = comment ? '' : stripped;
    if (value === '') {
      if (!comment && option) {
        option.lines.push('');
      }
      return;
    }
    const indent = spaceEnd(raw);
    if (current && option && indent > indentLevel) {
      option.lines.push(value);
      return;
    }
    indentLevel = indent;
    const header = SECTION.exec(value);
    if (header) {
      const name = header[1];
      option = undefined;
      if (name === 'DEFAULT') {
        current = defaults;
        return;
      }
      const existing = sections.get(name);
      if (existing) {
        refuse(lineNo, `section [${name}] appears twice`);
        current = existing.options;
      } else {
        const section: RawSection = { name, line: lineNo, options: new Map() };
        sections.set(name, section);
        current = section.options;
      }
      return;
    }
    if (!current) {
      refuse(lineNo, 'a line comes before the first [section]');
      return;
    }
    // configparser's `(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$`: the first = or : splits.
    const separator = value.search(/[=:]/);
    if (separator <= 0) {
      refuse(lineNo, 'a line is neither a [section] nor a key = value');
      option = undefined;
      return;
    }
    const key = pyRstrip(value.slice(0, separator)).toLowerCase();
    if (current.has(key)) {
      refuse(lineNo, `${describeKey(key)} appears twice in one section`);
    }
    option = { line: lineNo, lines: [pyStrip(value.slice(separator + 1))] };
    current.set(key, option);
  });
  return { sections: [...sections.values()], defaults };
}

/**
 * A section's settings as botocore sees them (values joined, indented `key = value` blocks as
 * nested keys), and as the SDK will be given them: a multi-line value keeps its first line, an
 * inline comment is cut off as the SDK's loader cuts it. Both cases are noted.
 */
function sectionSettings(
  section: RawSection | undefined,
  defaults: Map<string, RawOption>,
  note: (line: number, message: string, refused?: boolean) => void,
): Record<string, string> {
  const settings = emptySettings();
  const options = defaults.size === 0 ? (section?.options ?? defaults) : new Map([...defaults, ...(section?.options ?? [])]);
  for (const [key, option] of options) {
    // Most values are one line, already stripped.
    const value = option.lines.length === 1 ? option.lines[0] : pyRstrip(option.lines.join('\n'));
    if (value.startsWith('\n')) {
      value
        .split(SPLITLINES)
        .map(pyStrip)
        .filter(Boolean)
        .forEach((line, index) => {
          const equals = line.indexOf('=');
          if (equals === -1) {
            note(option.line + index + 1, `an indented line under ${describeKey(key)} has no =`, true);
          } else {
            settings[`${key}.${pyStrip(line.slice(0, equals))}`] = pyStrip(line.slice(equals + 1));
          }
        });
      continue;
    }
    const lines = value.split('\n');
    const first = lines[0];
    if (lines.length > 1) {
      note(option.line + 1, `${describeKey(key)} continues on an indented line: the AWS CLI reads it as one value over ${lines.length} lines, this extension only its first line`);
    }
    const comment = SDK_INLINE_COMMENT.exec(first);
    if (comment) {
      const kept = pyStrip(first.slice(0, comment.index));
      note(option.line, `${describeKey(key)} has a comment after its value: the AWS CLI reads the comment as part of the value, this extension (as the AWS SDK) the value before it`);
      settings[key] = kept;
    } else {
      settings[key] = first;
    }
  }
  return settings;
}

/** shlex.split(): whitespace-separated words, quotes and backslashes as a POSIX shell; undefined on an unclosed quote. */
export function shellWords(text: string): string[] | undefined {
  if (!/['"\\]/.test(text)) {
    return text.split(/[ \t\r\n]+/).filter((word) => word !== '');
  }
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") {
        quote = undefined;
      } else {
        word += c;
      }
    } else if (quote === '"') {
      if (c === '"') {
        quote = undefined;
      } else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        word += text[++i];
      } else if (c === '\\' && i + 1 === text.length) {
        return undefined;
      } else {
        word += c;
      }
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (word !== undefined) {
        words.push(word);
        word = undefined;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 === text.length) {
        return undefined;
      }
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) {
    return undefined;
  }
  if (word !== undefined) {
    words.push(word);
  }
  return words;
}

const NAMED_SECTIONS = [
  ['profile', 'profiles'],
  ['sso-session', 'ssoSessions'],
  ['services', 'services'],
] as const;

/** Reads both files; `undefined` stands for a missing file. Invalid UTF-8 is noted by the caller that decodes. */
export function readSharedConfig(configText: string | undefined, credentialsText: string | undefined): SharedConfig {
  const notes: ConfigNote[] = [];
  const maps = { profiles: new Map<string, Record<string, string>>(), ssoSessions: new Map<string, Settings>(), services: new Map<string, Settings>() };
  const profileLines = new Map<string, number>();

  const config = readIni(configText ?? '', 'config', notes);
  for (const section of config.sections) {
    const noteFor = (profile?: string) => (line: number, message: string, refused = false) =>
      notes.push({ file: 'config', line, refused, message, profile });
    const named = NAMED_SECTIONS.find(([prefix]) => section.name.startsWith(prefix));
    if (!named && section.name !== 'default') {
      continue;
    }
    const words = named ? shellWords(section.name) : ['profile', 'default'];
    if (!words || words.length !== 2) {
      if (named?.[0] === 'profile') {
        notes.push({ file: 'config', line: section.line, refused: false, message: `[${section.name}] is no profile for the AWS CLI (a name with spaces needs quotes: [profile "my name"])` });
      }
      continue;
    }
    const name = words[1];
    const target = named ? maps[named[1]] : maps.profiles;
    if (target === maps.profiles) {
      const earlier = profileLines.get(name);
      if (earlier !== undefined) {
        notes.push({ file: 'config', line: section.line, refused: false, profile: name, message: `profile ${name} is defined twice (lines ${earlier} and ${section.line}): the later one counts, as with the AWS CLI` });
      }
      profileLines.set(name, section.line);
    }
    target.set(name, sectionSettings(section, config.defaults, noteFor(target === maps.profiles ? name : undefined)));
  }

  const credentials = readIni(credentialsText ?? '', 'credentials', notes);
  for (const section of credentials.sections) {
    const name = section.name;
    const settings = sectionSettings(section, credentials.defaults, (line, message, refused = false) =>
      notes.push({ file: 'credentials', line, refused, message, profile: name }),
    );
    maps.profiles.set(name, Object.assign(maps.profiles.get(name) ?? emptySettings(), settings));
  }
  return { ...maps, notes };
}

/**
 * "key region", or "a key" for a name unlike any setting's. Notes quote no text of the files beyond
 * such names: a line that is no `key = value` is as likely a pasted secret key or session token.
 */
function describeKey(key: string): string {
  // Setting names are at most 34 characters (request_min_compression_size_bytes); a secret key has 40.
  return /^[a-z][a-z0-9_]{0,35}(\.[a-z0-9_]{1,36})?$/.test(key) && !/\d{4}|^a[ks]ia/.test(key) ? `key ${key}` : 'a key';
}

// --- What the AWS SDK for JavaScript is given ---

/** Names the SDK's loader reads as they are: its section-name characters, and no Object.prototype member. */
const SDK_NAME = /^[\w\-@+.%:/]+$/;
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export function sdkReadsName(name: string): boolean {
  return SDK_NAME.test(name) && !PROTOTYPE_NAMES.has(name) && !/^(sso-session|services)\./.test(name);
}

/** Stand-in names for the CLI profile and services names the SDK cannot read as they are; others it knows by their own. */
export interface SdkNames {
  readonly profiles: ReadonlyMap<string, string>;
  readonly services: ReadonlyMap<string, string>;
}

/**
 * Stand-in names (`connect-federation.<hash>`) for the profile and services names the SDK's loader
 * would mangle, drop, or take for Object.prototype members.
 */
export function sdkNames(config: SharedConfig, hash: (name: string) => string): SdkNames {
  const given = new Set<string>();
  const standIns = (names: Iterable<string>): Map<string, string> => {
    const map = new Map<string, string>();
    for (const name of names) {
      if (!sdkReadsName(name)) {
        let candidate = `connect-federation.${hash(name)}`;
        while (config.profiles.has(candidate) || config.services.has(candidate) || given.has(candidate)) {
          candidate += '_';
        }
        given.add(candidate);
        map.set(name, candidate);
      }
    }
    return map;
  };
  return { profiles: standIns(config.profiles.keys()), services: standIns(config.services.keys()) };
}

/**
 * The CLI's reading of `profiles` — and of what they lead to: their source_profile chains, SSO
 * sessions and services sections — written in the form the SDK's loader reads back unchanged: one
 * section per profile (credentials-file keys merged in), lower-case keys, nested keys indented,
 * names as `sdkNames` gives them. SSO session names stay as they are (the SDK finds the cached SSO
 * token by that name); one the loader cannot read is left out. Only these profiles: the SDK parses
 * the text again at each of its reads (eight for a first request), so a file of 100 000 profiles
 * would stall the extension host for seconds at every fetch.
 */
export function sdkConfigText(config: SharedConfig, names: SdkNames, profiles: Iterable<string>): string {
  const wanted = new Set<string>();
  const ssoSessions = new Set<string>();
  const services = new Set<string>();
  for (const queue = [...profiles]; queue.length > 0; ) {
    const name = queue.pop()!;
    const settings = config.profiles.get(name);
    if (!settings || wanted.has(name)) {
      continue;
    }
    wanted.add(name);
    if (settings.source_profile !== undefined) {
      queue.push(settings.source_profile);
    }
    if (settings.sso_session !== undefined) {
      ssoSessions.add(settings.sso_session);
    }
    if (settings.services !== undefined) {
      services.add(settings.services);
    }
  }
  const rewrite = (key: string, value: string): string =>
    (key === 'source_profile' ? names.profiles.get(value) : key === 'services' ? names.services.get(value) : undefined) ?? value;

  const lines: string[] = [];
  const section = (header: string, settings: Settings): void => {
    lines.push(header);
    const nested = new Map<string, [string, string][]>();
    for (const key of Object.keys(settings)) {
      const dot = key.indexOf('.');
      if (dot > 0) {
        const parent = key.slice(0, dot);
        const entries = nested.get(parent) ?? [];
        entries.push([key.slice(dot + 1), settings[key]]);
        nested.set(parent, entries);
      } else if (sdkReadsLine(key, settings[key])) {
        lines.push(`${key} = ${rewrite(key, settings[key])}`);
      }
    }
    for (const [parent, entries] of nested) {
      const kept = entries.filter(([key, value]) => sdkReadsLine(parent, '-') && sdkReadsLine(key, value));
      if (kept.length) {
        lines.push(`${parent} =`, ...kept.map(([key, value]) => `  ${key} = ${value}`));
      }
    }
  };
  for (const name of wanted) {
    section(name === 'default' ? '[default]' : `[profile ${names.profiles.get(name) ?? name}]`, config.profiles.get(name)!);
  }
  for (const name of ssoSessions) {
    const settings = config.ssoSessions.get(name);
    if (settings && sdkReadsName(name)) {
      section(`[sso-session ${name}]`, settings);
    }
  }
  for (const name of services) {
    const settings = config.services.get(name);
    if (settings) {
      section(`[services ${names.services.get(name) ?? name}]`, settings);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether `key = value` survives the SDK's line parser unchanged (no comment marks, no section look, a value). */
function sdkReadsLine(key: string, value: string): boolean {
  return value !== '' && !key.startsWith('[') && !key.includes('=') && !SDK_INLINE_COMMENT.test(`${key} = ${value}`) && !/[\r\n]/.test(value);
}
