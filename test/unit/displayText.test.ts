/** Display strings from outside, property-tested against how VS Code reads each place's syntax. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { labelText, markdownText, messageText, plainText } from '../../src/core/displayText';

/** VS Code's notification link syntax (base/common/linkedText.ts): `[label](https://…|command:…|file:…)`. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** VS Code's icon syntax as the status bar and quick picks render it (base/browser/ui/iconLabel): an escaped one stays text. */
const RENDERED_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+\-.!|<>~:$&"'=]/;
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** Strings rich in what each syntax cares about. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc
    .array(fc.constantFrom('[', ']', '(', ')', '$(', 'alert', '~spin', 'command:evil', 'https://x.example/', 'file:///etc', '![i]', '**', '<img src=x>', '\\', '\n', '\u202e', '\u0000', ' ', 'a', '"', "'", 'www.x.example'), { maxLength: 30 })
    .map((parts) => parts.join('')),
);

describe('display text from outside', () => {
  it('plainText: one line, no control or invisible character, bounded', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 2, max: 100 }), (text, max) => {
        const plain = plainText(text, max);
        assert.doesNotMatch(plain, CONTROL_OR_INVISIBLE);
        assert.ok([...plain].length <= max);
      }),
    );
    assert.equal(plainText('a\u202e\nb\tc   d'), 'a b c d');
    assert.equal(plainText('x'.repeat(10), 5), 'xxxx…');
  });

  it('messageText: no notification link survives', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        assert.doesNotMatch(messageText(text), NOTIFICATION_LINK);
      }),
    );
    assert.equal(messageText('Bad [click](command:workbench.action.terminal.new)'), 'Bad [click] (command:workbench.action.terminal.new)');
  });

  it('labelText: every icon is escaped, so the status bar shows it as text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        for (const match of labelText(text).matchAll(RENDERED_ICON)) {
          assert.equal(match[1], '\\', `an icon would render: ${match[0]}`);
        }
      }),
    );
    assert.equal(labelText('demo $(alert) $(sync~spin) $(not an icon)'), 'demo \\$(alert) \\$(sync~spin) $(not an icon)');
  });

  it('markdownText: every markdown character escaped, and the text itself unchanged', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const escaped = markdownText(text);
        assert.equal(escaped.replace(/\\(.)/gsu, '$1'), plainText(text, 500), 'escapes only');
        assert.doesNotMatch(escaped.replace(/\\./gsu, ''), MARKDOWN_SYNTAX, 'nothing left unescaped');
      }),
    );
    assert.equal(markdownText('![i](https://x/i.png)'), '\\!\\[i\\]\\(https\\://x/i\\.png\\)');
  });
});
