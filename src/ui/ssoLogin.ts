import * as vscode from 'vscode';
import { findOnPath } from '../core/executables';

/**
 * Runs `aws sso login --profile X` in a terminal. Resolves true once it exits successfully, so the
 * caller can fetch again; false when it failed, was closed, or the AWS CLI is missing.
 */
export async function runSsoLogin(profile: string): Promise<boolean> {
  const aws = await findOnPath('aws', process.env);
  if (!aws) {
    const guide = 'Install Guide';
    const choice = await vscode.window.showErrorMessage(
      `The AWS CLI is not on PATH. Install AWS CLI v2, run "aws sso login --profile ${profile}" in a terminal, then fetch again.`,
      guide,
    );
    if (choice === guide) {
      await vscode.env.openExternal(vscode.Uri.parse('https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html'));
    }
    return false;
  }
  const terminal = vscode.window.createTerminal({
    name: `aws sso login (${profile})`,
    shellPath: aws,
    shellArgs: ['sso', 'login', '--profile', profile],
  });
  terminal.show();
  return new Promise<boolean>((resolve) => {
    const subscription = vscode.window.onDidCloseTerminal((closed) => {
      if (closed === terminal) {
        subscription.dispose();
        resolve(closed.exitStatus?.code === 0);
      }
    });
  });
}
