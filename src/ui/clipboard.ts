import * as vscode from 'vscode';

/** Puts text on the clipboard and says so briefly in the status bar, without showing the text. */
export async function copyToClipboard(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) ${what} copied`, 4000);
}
