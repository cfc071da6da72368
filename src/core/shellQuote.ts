/**
 * Text for pasting into a shell: one word, or one environment variable assignment, that the shell
 * reads back as exactly the value given — never as a command, an expansion or a second line.
 * POSIX sh (bash, zsh), fish, PowerShell, and cmd.exe (for the AWS CLI v2's aws.exe).
 */

export type Shell = 'posix' | 'fish' | 'powershell' | 'cmd';

const SHELLS_BY_NAME: Readonly<Record<string, Shell>> = {
  sh: 'posix',
  bash: 'posix',
  zsh: 'posix',
  dash: 'posix',
  ksh: 'posix',
  mksh: 'posix',
  ash: 'posix',
  yash: 'posix',
  // WSL's default shell is bash (or another POSIX shell).
  wsl: 'posix',
  fish: 'fish',
  pwsh: 'powershell',
  'pwsh-preview': 'powershell',
  powershell: 'powershell',
  cmd: 'cmd',
};

/**
 * The shell family of VS Code's default terminal shell (vscode.env.shell: a path, by its file
 * name); a shell it does not know, or none, as the platform's terminal starts.
 */
export function shellOf(shellPath: string, platform: NodeJS.Platform): Shell {
  const name = (shellPath.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.exe$/, '');
  return Object.hasOwn(SHELLS_BY_NAME, name) ? SHELLS_BY_NAME[name] : defaultShell(platform);
}

/** The shell a platform's terminal starts with when VS Code is not told otherwise. */
export function defaultShell(platform: NodeJS.Platform): Shell {
  return platform === 'win32' ? 'powershell' : 'posix';
}

/** A value no shell line can carry: a NUL, and for cmd a line break (it ends the command). */
export class UnquotableError extends Error {
  override readonly name = 'UnquotableError';
}

// Unquoted, these stay one literal word. POSIX: no leading `=` (zsh expands `=cmd`).
// fish: no `%` (`%self`), `~`, braces or brackets.
// PowerShell: no `@` (splatting), `,` (arrays), `$`, quotes, braces or `#`.
const POSIX_PLAIN = /^[A-Za-z0-9_\-.,:/@+%][A-Za-z0-9_\-.,:/=@+%]*$/;
const FISH_PLAIN = /^[A-Za-z0-9_\-.,:/=@+]+$/;
const POWERSHELL_PLAIN = /^[A-Za-z0-9_\-.:/+%=]+$/;
// PowerShell takes all of these for single quotes; inside a quoted string each is doubled.
const POWERSHELL_QUOTES = /['\u2018\u2019\u201a\u201b]/g;
// What cmd.exe's parser acts on outside quotes; `!` too, for delayed expansion.
const CMD_SPECIAL = new Set(['^', '&', '|', '<', '>', '(', ')', '"', '!']);

function refuseUnquotable(value: string, shell: Shell): void {
  if (value.includes('\0')) {
    throw new UnquotableError('The value holds a NUL character, which no shell command can carry.');
  }
  if (shell === 'cmd' && /[\r\n]/.test(value)) {
    throw new UnquotableError('The value holds a line break, which cmd.exe cannot take in one command: use PowerShell or a POSIX shell.');
  }
}

/** A command line whose words the shell (and, on Windows, the program's argv parser) reads back as `words`. */
export function commandLine(words: readonly string[], shell: Shell): string {
  for (const word of words) {
    refuseUnquotable(word, shell);
  }
  switch (shell) {
    case 'posix':
      return words.map((word) => (POSIX_PLAIN.test(word) ? word : posixString(word))).join(' ');
    case 'fish':
      return words.map((word) => (FISH_PLAIN.test(word) ? word : fishString(word))).join(' ');
    case 'powershell':
      return words.map((word) => (POWERSHELL_PLAIN.test(word) && !word.startsWith('--%') ? word : powershellString(word))).join(' ');
    case 'cmd':
      return cmdEscape(words.map(windowsArgument).join(' '));
  }
}

/** A line that sets environment variable `name` (letters, digits, `_`) to `value`. */
export function assignment(name: string, value: string, shell: Shell): string {
  refuseUnquotable(value, shell);
  switch (shell) {
    case 'posix':
      return `export ${name}=${posixString(value)}`;
    case 'fish':
      return `set -gx ${name} ${fishString(value)}`;
    case 'powershell':
      return `$env:${name} = ${powershellString(value)}`;
    case 'cmd':
      return `set ${name}=${cmdEscape(value)}`;
  }
}

function posixString(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish's single quotes, unlike POSIX ones, take `\\` and `\'` as escapes: both are escaped. */
function fishString(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

function powershellString(value: string): string {
  return `'${value.replace(POWERSHELL_QUOTES, (quote) => quote + quote)}'`;
}

/**
 * cmd.exe's escaping outside quotes: a caret before each character its parser acts on, and
 * after each `%` a caret on the next character. The prompt has no escape for `%` (`%%` stays
 * `%%` and expands what it encloses); the caret becomes the first character of every name cmd
 * looks up, so nothing matches unless a variable's name starts with `^` (Windows and cmd.exe set
 * none), and it is removed after expansion.
 */
function cmdEscape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    out += CMD_SPECIAL.has(c) || (i > 0 && text[i - 1] === '%') ? `^${c}` : c;
  }
  return out;
}

/** How a Windows program's argv parser (CommandLineToArgvW, the C runtime) reads one argument back. */
function windowsArgument(value: string): string {
  if (value !== '' && !/[\s"]/.test(value)) {
    return value;
  }
  // Backslashes count only before a quote: double those, then escape the quote.
  return `"${value.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}
