import * as vscode from 'vscode';
import { findOnPath } from '../core/executables';

const INSTALL_GUIDE = 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html';

/** What decides where the AWS CLI reads its config and writes the SSO token cache. */
const AWS_CLI_ENVIRONMENT = ['HOME', 'USERPROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

/**
 * Runs `aws sso login --profile X` in a terminal, with the config files (and CA bundle) the
 * extension uses. Resolves true once it exits successfully or the user says they are done, so the
 * caller can fetch again; false when it failed, or the AWS CLI is missing.
 */
export async function runSsoLogin(profile: string, caBundle: string): Promise<boolean> {
  const aws = await findOnPath('aws', process.env);
  if (!aws) {
    const guide = 'Install Guide';
    const choice = await vscode.window.showErrorMessage(
      `The AWS CLI is not on PATH. Install AWS CLI v2, run "aws sso login --profile ${profile}" in a terminal, then fetch again.`,
      guide,
    );
    if (choice === guide) {
      await vscode.env.openExternal(vscode.Uri.parse(INSTALL_GUIDE));
    }
    return false;
  }
  const terminal = vscode.window.createTerminal({
    name: `aws sso login (${profile})`,
    shellPath: aws,
    shellArgs: ['sso', 'login', '--profile', profile],
    env: {
      ...Object.fromEntries(AWS_CLI_ENVIRONMENT.filter((name) => process.env[name]).map((name) => [name, process.env[name]])),
      ...(caBundle && { AWS_CA_BUNDLE: caBundle }),
    },
  });
  terminal.show();
  let subscription: vscode.Disposable | undefined;
  const exitCode = await new Promise<number | 'userSaysDone' | undefined>((resolve) => {
    subscription = vscode.window.onDidCloseTerminal((closed) => closed === terminal && resolve(closed.exitStatus?.code));
    const done = 'Fetch Now';
    void vscode.window
      .showInformationMessage(`Sign in for profile ${profile} in the browser "aws sso login" opened. The token is fetched when it finishes.`, done)
      .then((choice) => choice === done && resolve('userSaysDone'));
  }).finally(() => subscription?.dispose());
  if (exitCode === 0 || exitCode === 'userSaysDone') {
    return true;
  }
  void vscode.window.showErrorMessage(
    `"aws sso login --profile ${profile}" ended with exit code ${exitCode ?? 'unknown'}. Run it in a terminal to see why, then fetch again.`,
  );
  return false;
}
