import * as vscode from 'vscode';
import { App } from '../app';
import { ROLE_SESSION_NAME_RULE, isRoleSessionName, roleSessionNameFor } from '../core/connectUser';
import { FetchPlan } from '../core/fetchPlan';
import { loadAws } from '../core/lazyAws';
import { sessionLabel } from '../core/session';
import { pickOne, pickedValue } from './quickPick';

/** The role session name to fetch with instead: undefined for the profile's own. */
export interface ChosenUser {
  readonly roleSessionName: string | undefined;
}

/**
 * "Sign in as another Connect user…" after Connect found no user for a role profile's identity: the
 * role session name for another fetch of the same profile and instance — one used before with them,
 * picked, or a new one typed (checked as STS checks it). Undefined when the user gives up.
 */
export async function pickConnectUser(app: App, plan: FetchPlan): Promise<ChosenUser | undefined> {
  const profile = (await loadAws().listProfiles().catch(() => [])).find((p) => p.name === plan.profile);
  if (!profile) {
    void vscode.window.showErrorMessage(`Profile ${plan.profile} can no longer be read from your AWS config or credentials file.`);
    return undefined;
  }
  // The name that found no user: typing over it is the likeliest next step.
  const tried = plan.roleSessionName ?? profile.settings.role_session_name;
  const title = `Sign in to ${sessionLabel(plan)} as another Connect user (profile ${plan.profile})`;
  const earlier = app.recents.roleSessionNames(plan.profile, plan.instanceId).filter((name) => name !== tried);
  const own = profile.settings.role_session_name;
  const names = own !== undefined && own !== tried && isRoleSessionName(own) && !earlier.includes(own) ? [...earlier, own] : earlier;
  let name: string | undefined;
  if (names.length > 0) {
    const another = { label: '$(edit) Another Connect user name…', name: undefined };
    const items = [
      ...names.map((n) => ({ label: `$(person) ${n}`, description: n === own ? "the profile's role_session_name" : 'signed in as before', name: n })),
      another,
    ];
    const picked = pickedValue(await pickOne(items, { title, placeholder: 'The Connect user to sign in as (the role session name to assume the role with)' }));
    if (!picked) {
      return undefined;
    }
    name = picked.name ?? (await typeConnectUser(title, tried));
  } else {
    name = await typeConnectUser(title, tried);
  }
  if (name === undefined) {
    return undefined;
  }
  const chosen = roleSessionNameFor(profile, name);
  return chosen.ok ? { roleSessionName: chosen.value } : undefined;
}

/** An input box for a role session name, starting on `tried` (selected, to type over). */
function typeConnectUser(title: string, tried: string | undefined): Promise<string | undefined> {
  const input = vscode.window.createInputBox();
  input.title = title;
  input.prompt = `The Connect user name, as the role session name to assume the role with: ${ROLE_SESSION_NAME_RULE}; case-sensitive.`;
  input.placeholder = 'alice';
  input.value = tried ?? '';
  input.valueSelection = [0, input.value.length];
  input.ignoreFocusOut = true;
  const problem = (value: string): string | undefined =>
    !isRoleSessionName(value) ? `A role session name is ${ROLE_SESSION_NAME_RULE}.` : value === tried ? 'Connect has no user of this name: type another one.' : undefined;
  return new Promise((resolve) => {
    input.onDidChangeValue((value) => (input.validationMessage = value === '' ? undefined : problem(value)));
    input.onDidAccept(() => {
      input.validationMessage = problem(input.value);
      if (!input.validationMessage) {
        resolve(input.value);
        input.hide();
      }
    });
    input.onDidHide(() => {
      resolve(undefined);
      input.dispose();
    });
    input.show();
  });
}
