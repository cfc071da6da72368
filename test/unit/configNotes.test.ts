import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readSharedConfig } from '../../src/core/awsConfigFiles';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDn5hLwMK7v3q==';

/** Every note on these files, as the log and the profile pick would show them. */
function notesOf(credentials: string, config = ''): string[] {
  return readSharedConfig(config, credentials).notes.map((note) => note.message);
}

describe('notes on the AWS files quote no text of them (the log and the profile pick show them)', () => {
  it('says what is wrong with a line holding a secret, and where, without the secret', () => {
    const cases: [string, RegExp][] = [
      [`[demo]\naws_secret_access_key ${SECRET}\n`, /^a line is neither a \[section\] nor a key = value$/],
      [`[demo]\n${SECRET}\n`, /^a line is neither a \[section\] nor a key = value$/],
      [`[demo]\naws_secret_access_key = ${SECRET} # prod\n`, /^key aws_secret_access_key has a comment after its value/],
      [`[demo]\naws_session_token =\n  ${TOKEN.replace(/=+$/, '')}\n`, /^an indented line under key aws_session_token has no =$/],
      [`[demo]\n${TOKEN}\n${TOKEN}\n`, /^a key appears twice in one section$/],
      [`[demo]\naws_secret_access_key = ${SECRET}\n  ${SECRET}\n`, /^key aws_secret_access_key continues on an indented line/],
    ];
    for (const [file, expected] of cases) {
      const notes = notesOf(file);
      assert.ok(
        notes.some((note) => expected.test(note)),
        `${JSON.stringify(file)}: ${JSON.stringify(notes)}`,
      );
      for (const note of notes) {
        assert.ok(!note.includes(SECRET.slice(0, 12)) && !note.toLowerCase().includes(TOKEN.slice(0, 12).toLowerCase()), `a note quotes the secret: ${note}`);
      }
    }
  });

  it('property: a secret anywhere on a malformed or commented line of either file never appears in a note', () => {
    const base64 = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
    const secret = fc.array(base64, { minLength: 40, maxLength: 200 }).map((chars) => chars.join(''));
    const shape = fc.constantFrom(
      (s: string) => s,
      (s: string) => `${s}==`,
      (s: string) => `aws_secret_access_key ${s}`,
      (s: string) => `aws_secret_access_key = ${s} # comment`,
      (s: string) => `aws_session_token =\n  ${s}`,
      (s: string) => `aws_secret_access_key = x\n  ${s}`,
      (s: string) => `${s} = x`,
      (s: string) => `${s}: x\n${s}: y`,
    );
    fc.assert(
      fc.property(secret, shape, fc.boolean(), (value, line, inConfig) => {
        const file = inConfig ? `[profile demo]\n${line(value)}\n` : `[demo]\n${line(value)}\n`;
        const notes = inConfig ? notesOf('', file) : notesOf(file);
        // Any 12 characters of the secret would be a leak (keys are named in lower case: compare so).
        for (const note of notes) {
          for (let i = 0; i + 12 <= value.length; i += 6) {
            assert.ok(!note.toLowerCase().includes(value.slice(i, i + 12).toLowerCase()), `${JSON.stringify(line(value))} → ${note}`);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
