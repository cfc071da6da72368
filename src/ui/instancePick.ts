import * as vscode from 'vscode';
import { InstanceChoice, ListedInstance, instanceChoices } from '../core/instanceChoices';
import { InstanceRef } from '../core/instanceRef';
import { RecentInstance } from '../core/recents';
import { copyToClipboard } from './clipboard';
import { PickResult, StepPosition, awaitPick } from './quickPick';

export interface PickedInstance {
  readonly ref: InstanceRef;
  readonly alias?: string;
}

export interface InstancePickOptions {
  readonly profileLabel: string;
  readonly recents: readonly RecentInstance[];
  /** The region ListInstances runs in; undefined offers to pick one instead. */
  readonly listingRegion?: string;
  readonly listInstances?: (signal: AbortSignal) => AsyncIterable<readonly ListedInstance[]>;
  /** A short explanation of a ListInstances failure, for a row in the pick. */
  readonly explainListingError: (error: unknown) => string;
  /** Ends the pick when it resolves true (the profile's credentials failed: picking is pointless). */
  readonly closeWhen?: PromiseLike<boolean>;
  /** The AWS CLI command for an instance, copied by the row's button; undefined when there is none yet. */
  readonly cliCommandFor?: (instance: PickedInstance) => string | undefined;
  /** What was typed before, when the user comes back to this step. */
  readonly value?: string;
  /** Told what is typed, so that it can be given back as `value`. */
  readonly onDidType?: (value: string) => void;
}

const COPY_CLI_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('terminal'), tooltip: 'Copy as AWS CLI command' };

/** What the user chose, that they want to pick a region first (none was configured), or that the credentials failed meanwhile. */
export type InstanceStepChoice = { readonly instance: PickedInstance } | 'pickRegion' | 'credentialsFailed';

type Row = vscode.QuickPickItem & { readonly choice?: InstanceChoice; readonly pickRegion?: true };

/**
 * The instance step: recent instances on top, the account's instances from ListInstances as they
 * arrive (typing is never blocked), and whatever ID or ARN is typed. Invalid input is explained
 * in the pick and never sent.
 */
export function pickInstance(options: InstancePickOptions, position?: StepPosition): Promise<PickResult<InstanceStepChoice>> {
  const pick = vscode.window.createQuickPick<Row>();
  pick.title = `Get Federation Token: Connect instance (profile ${options.profileLabel})`;
  pick.placeholder = 'Pick an instance, or type an instance ID or a full instance ARN';
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  pick.keepScrollPosition = true;
  pick.value = options.value ?? '';

  const abort = new AbortController();
  let listed: ListedInstance[] = [];
  /** Said in a row of its own: why there is no list, or that the region has no instance. */
  let listingNote: string | undefined;

  /** The row of a usable typed ID or ARN: Enter takes it, whatever else is listed. */
  let typedRow: Row | undefined;

  const render = (): void => {
    const active = pick.activeItems[0]?.choice;
    const choices = instanceChoices({ typed: pick.value, recents: options.recents, listed, listingRegion: options.listingRegion });
    const rows = toRows(choices, options.listingRegion).map((row) =>
      row.choice && row.choice.kind !== 'invalid' && options.cliCommandFor ? { ...row, buttons: [COPY_CLI_BUTTON] } : row,
    );
    if (listingNote) {
      rows.push({ label: listingNote, alwaysShow: true });
    } else if (!options.listingRegion) {
      rows.push({ label: '$(globe) Pick a region to list its instances…', pickRegion: true, alwaysShow: true });
    }
    pick.items = rows;
    typedRow = rows.find((r) => r.choice?.kind === 'typed');
    // Replacing the items moves the focus to the first row. Typed input keeps its own row active; with
    // nothing typed (every row shown) the row the user moved to stays active as pages arrive. A row
    // remembered while text filters the list could be one the filter hides: focusing it would leave
    // no row active, and Enter would do nothing.
    const keep = typedRow ?? (pick.value === '' && active ? rows.find((r) => r.choice && sameChoice(r.choice, active)) : undefined);
    if (keep) {
      pick.activeItems = [keep];
    }
  };

  const load = async (): Promise<void> => {
    if (!options.listInstances) {
      return;
    }
    pick.busy = true;
    try {
      for await (const page of options.listInstances(abort.signal)) {
        listed = [...listed, ...page];
        render();
      }
      if (listed.length === 0) {
        listingNote = `$(info) No instance in ${options.listingRegion} for this profile: type an instance ID or ARN`;
        render();
      }
    } catch (error) {
      if (!abort.signal.aborted) {
        listingNote = `$(warning) Could not list instances: ${options.explainListingError(error)}`;
        render();
      }
    } finally {
      pick.busy = false;
    }
  };

  pick.onDidChangeValue((value) => {
    options.onDidType?.(value);
    render();
  });
  pick.onDidHide(() => abort.abort());
  render();
  const result = awaitPick<Row, InstanceStepChoice>(
    pick,
    {
      accept: () => {
        // No row selected (none was focused when Enter came): the typed instance, as the input shows it.
        const row = pick.selectedItems[0] ?? typedRow ?? pick.activeItems[0];
        const choice = row?.choice;
        if (row?.pickRegion) {
          return 'pickRegion';
        }
        // An explanation row, or nothing usable typed: stay open, send nothing.
        return choice && choice.kind !== 'invalid' ? { instance: picked(choice) } : undefined;
      },
      itemButton: ({ item }) => {
        const command = item.choice && item.choice.kind !== 'invalid' && options.cliCommandFor?.(picked(item.choice));
        if (command) {
          void copyToClipboard(command, 'AWS CLI command');
        }
        return undefined;
      },
      endWhen: options.closeWhen?.then((close) => (close ? 'credentialsFailed' : undefined)),
    },
    position,
  );
  void load();
  return result;
}

function picked(choice: Exclude<InstanceChoice, { kind: 'invalid' }>): PickedInstance {
  return { ref: choice.ref, alias: choice.alias };
}

function toRows(choices: readonly InstanceChoice[], listingRegion: string | undefined): Row[] {
  const rows: Row[] = [];
  let section: string | undefined;
  for (const choice of choices) {
    const heading = choice.kind === 'recent' ? 'recent' : choice.kind === 'listed' ? `instances in ${listingRegion}` : undefined;
    if (heading && heading !== section) {
      rows.push({ label: heading, kind: vscode.QuickPickItemKind.Separator });
      section = heading;
    }
    rows.push(toRow(choice));
  }
  return rows;
}

function toRow(choice: InstanceChoice): Row {
  switch (choice.kind) {
    case 'invalid':
      return { label: `$(error) ${choice.reason}`, alwaysShow: true, choice };
    case 'typed':
      return {
        label: `$(arrow-right) Use ${choice.alias ?? choice.ref.instanceId}`,
        description: [choice.alias && choice.ref.instanceId, choice.ref.region ? `${choice.ref.region} (from the ARN)` : 'instance ID'].filter(Boolean).join(' · '),
        alwaysShow: true,
        choice,
      };
    case 'recent':
    case 'listed':
      return {
        label: choice.alias ?? choice.ref.instanceId,
        iconPath: new vscode.ThemeIcon(choice.kind === 'recent' ? 'history' : 'server'),
        description: [choice.alias ? choice.ref.instanceId : undefined, choice.ref.region, choice.kind === 'listed' ? statusText(choice.status) : undefined]
          .filter(Boolean)
          .join(' · '),
        choice,
      };
  }
}

function statusText(status: string | undefined): string | undefined {
  return status && status !== 'ACTIVE' ? status.toLowerCase().replace(/_/g, ' ') : undefined;
}

function sameChoice(a: InstanceChoice, b: InstanceChoice): boolean {
  return a.kind === b.kind && 'ref' in a && 'ref' in b && a.ref.instanceId === b.ref.instanceId;
}
