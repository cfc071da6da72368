import * as vscode from 'vscode';
import { Shell, shellOf } from '../core/shellQuote';

/** The shell of the user's terminal (VS Code's default terminal profile), for text meant to be pasted there. */
export function terminalShell(): Shell {
  return shellOf(vscode.env.shell, process.platform);
}
