/**
 * Text from outside — instance aliases, profile names, service error messages — made safe for the
 * place VS Code shows it: each place gives some characters a meaning (`$(icon)` in the status bar
 * and quick picks, `[label](command:…)` in notifications, markdown in tooltips), and here they lose it.
 */

import { CONTROL_OR_INVISIBLE } from './untrusted';

/** Runs of the characters stored values may not hold (untrusted.ts), each to become one space. */
const CONTROL_OR_INVISIBLE_RUNS = new RegExp(`${CONTROL_OR_INVISIBLE.source}+`, 'g');
/** VS Code's icon syntax (ThemeIcon names and modifiers), as its own escapeIcons finds it. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;
/** Every character markdown gives a meaning to, `:` and `.` included (autolinked URLs) and `$` (theme icons). */
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+\-.!|<>~:$&"'=]/g;

/** One line of plain text: controls and invisible characters become spaces, white space runs one space, at most `maxLength` characters (… marks a cut). */
export function plainText(value: unknown, maxLength = 200): string {
  const text = String(value ?? '')
    .replace(CONTROL_OR_INVISIBLE_RUNS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = [...text];
  return characters.length > maxLength ? `${characters.slice(0, maxLength - 1).join('')}…` : text;
}

/** For a notification, whose message VS Code scans for `[label](target)` links (command: URIs included): the pair is broken apart. */
export function messageText(value: unknown, maxLength = 500): string {
  return plainText(value, maxLength).replace(/\]\s*\(/g, '] (');
}

/** For status-bar text and quick-pick labels and descriptions, where `$(name)` is an icon: escaped with a backslash, as VS Code's escapeIcons does. */
export function labelText(value: unknown, maxLength = 100): string {
  return plainText(value, maxLength).replace(ICON, (icon) => `\\${icon}`);
}

/** For a MarkdownString: every markdown character escaped, so the text stays text — no link, image, HTML, emphasis or autolinked URL. */
export function markdownText(value: unknown, maxLength = 500): string {
  return plainText(value, maxLength).replace(MARKDOWN_SYNTAX, (c) => `\\${c}`);
}
