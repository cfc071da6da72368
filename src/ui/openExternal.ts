import * as vscode from 'vscode';

/**
 * Opens a URL in the external browser exactly as given. VS Code accepts a string here: a
 * Uri.parse/toString round trip re-encodes query characters (microsoft/vscode#85930) and could
 * corrupt the token a sign-in URL carries.
 */
export function openExternalUrl(url: string): Thenable<boolean> {
  return vscode.env.openExternal(url as unknown as vscode.Uri);
}
