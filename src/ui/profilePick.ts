import * as vscode from 'vscode';
import { PROFILE_KIND_LABELS, ProfileSummary, orderProfiles } from '../core/profiles';
import { ENVIRONMENT_PROFILE } from '../core/session';
import { PickResult, StepPosition, mapPicked, pickOne } from './quickPick';

interface ProfileItem extends vscode.QuickPickItem {
  readonly profile: ProfileSummary;
}

export interface ProfileHints {
  readonly envProfile?: string;
  readonly lastUsed?: string;
  /** The profile chosen before, when the user comes back to this step: it starts active. */
  readonly chosen?: string;
}

/** The first step of "Get Federation Token": one item per profile, AWS_PROFILE and the last used first. */
export function pickProfile(profiles: readonly ProfileSummary[], hints: ProfileHints, position?: StepPosition): Promise<PickResult<ProfileSummary>> {
  const preferred = [ENVIRONMENT_PROFILE, hints.envProfile ?? 'default', hints.lastUsed];
  const items = orderProfiles(profiles, preferred).map((profile): ProfileItem => {
    const notes = [
      profile.name === (hints.envProfile ?? 'default') ? (hints.envProfile ? 'AWS_PROFILE' : 'default') : undefined,
      profile.name === hints.lastUsed ? 'last used' : undefined,
    ].filter(Boolean);
    return {
      label: profile.name === ENVIRONMENT_PROFILE ? 'Environment' : profile.name,
      iconPath: new vscode.ThemeIcon(profile.kind === 'none' || profile.cliNotes?.length ? 'warning' : 'account'),
      description: `${profile.region ?? 'no region'} · ${PROFILE_KIND_LABELS[profile.kind]}`,
      // Where the AWS CLI reads the profile otherwise (or refuses its file): the first such note.
      detail:
        profile.name === ENVIRONMENT_PROFILE
          ? 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment'
          : [...notes, profile.cliNotes?.[0]].filter(Boolean).join(' · ') || undefined,
      profile,
    };
  });
  return pickOne(
    items,
    {
      title: 'Get Federation Token: AWS profile',
      placeholder: 'Pick the AWS profile whose IAM identity signs in to Amazon Connect',
      matchOnDescription: true,
      ignoreFocusOut: true,
      active: (item) => item.profile.name === hints.chosen,
    },
    position,
  ).then((result) => mapPicked(result, (item) => item.profile));
}
