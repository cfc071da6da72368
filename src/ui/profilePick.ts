import * as vscode from 'vscode';
import { MAX_PROFILE_ROWS, PROFILE_KIND_LABELS, ProfileSummary, orderProfiles, profileRows } from '../core/profiles';
import { ENVIRONMENT_PROFILE } from '../core/session';
import { PickResult, StepPosition, awaitPick } from './quickPick';

interface ProfileItem extends vscode.QuickPickItem {
  /** Undefined for the row saying how many profiles more match. */
  readonly profile?: ProfileSummary;
}

export interface ProfileHints {
  readonly envProfile?: string;
  readonly lastUsed?: string;
  /** The profile chosen before, when the user comes back to this step: it starts active. */
  readonly chosen?: string;
}

/**
 * The first step of "Get Federation Token": one item per profile, AWS_PROFILE and the last used
 * first. Beyond MAX_PROFILE_ROWS profiles, the rows are the first ones matching what is typed.
 */
export function pickProfile(profiles: readonly ProfileSummary[], hints: ProfileHints, position?: StepPosition): Promise<PickResult<ProfileSummary>> {
  const defaultName = hints.envProfile ?? 'default';
  const ordered = orderProfiles(profiles, [ENVIRONMENT_PROFILE, defaultName, hints.lastUsed]);
  const chosen = ordered.find((profile) => profile.name === hints.chosen);
  const describe = (profile: ProfileSummary): string => `${profile.region ?? 'no region'} · ${PROFILE_KIND_LABELS[profile.kind]}`;
  const item = (profile: ProfileSummary): ProfileItem => {
    const notes = [
      profile.name === defaultName ? (hints.envProfile ? 'AWS_PROFILE' : 'default') : undefined,
      profile.name === hints.lastUsed ? 'last used' : undefined,
    ].filter(Boolean);
    return {
      label: profile.name === ENVIRONMENT_PROFILE ? 'Environment' : profile.name,
      iconPath: new vscode.ThemeIcon(profile.kind === 'none' || profile.cliNotes?.length ? 'warning' : 'account'),
      description: describe(profile),
      // Where the AWS CLI reads the profile otherwise (or refuses its file): the first such note.
      detail:
        profile.name === ENVIRONMENT_PROFILE
          ? 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment'
          : [...notes, profile.cliNotes?.[0]].filter(Boolean).join(' · ') || undefined,
      profile,
    };
  };

  const pick = vscode.window.createQuickPick<ProfileItem>();
  pick.title = 'Get Federation Token: AWS profile';
  pick.placeholder =
    ordered.length > MAX_PROFILE_ROWS
      ? `Type part of a profile's name (${ordered.length.toLocaleString('en-US')} profiles) whose IAM identity signs in to Amazon Connect`
      : 'Pick the AWS profile whose IAM identity signs in to Amazon Connect';
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  const render = (): void => {
    const { shown, hidden } = profileRows(ordered, pick.value, (profile) => `${profile.name} ${describe(profile)}`, undefined, chosen);
    const items = shown.map(item);
    if (hidden > 0) {
      items.push({ label: `$(info) ${hidden.toLocaleString('en-US')} more profiles match: type more of the name`, alwaysShow: true });
    }
    pick.items = items;
    const active = pick.value === '' && chosen && items.find((row) => row.profile === chosen);
    if (active) {
      pick.activeItems = [active];
    }
  };
  render();
  if (ordered.length > MAX_PROFILE_ROWS) {
    pick.onDidChangeValue(render);
  }
  return awaitPick(pick, { accept: () => (pick.selectedItems[0] ?? pick.activeItems[0])?.profile }, position);
}
