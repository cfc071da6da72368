import * as vscode from 'vscode';

/**
 * Asks for the one-time code of a role profile's MFA device (the SDK calls this while assuming the
 * role). Escape rejects as a cancellation: nothing is sent.
 */
export async function askMfaCode(profile: string, serial: string): Promise<string> {
  const device = serial.split(':').pop() ?? serial;
  const code = await vscode.window.showInputBox({
    title: `MFA code for profile ${profile} (${device})`,
    prompt: `The 6-digit code of MFA device ${serial}`,
    placeHolder: '123456',
    ignoreFocusOut: true,
    validateInput: (value) => (/^\d{6}$/.test(value.trim()) ? undefined : 'An MFA code is six digits.'),
  });
  if (code === undefined) {
    throw Object.assign(new Error('MFA code entry cancelled'), { name: 'AbortError' });
  }
  return code.trim();
}
