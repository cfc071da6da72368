import * as vscode from 'vscode';

/** Where an input sits in a multi-step flow: its number in the title ("2/3"), and a Back button when a step lies behind. */
export interface StepPosition {
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
}

export type PickResult<T> = { readonly kind: 'picked'; readonly value: T } | { readonly kind: 'back' } | { readonly kind: 'cancelled' };

export interface PickBehaviour<Item extends vscode.QuickPickItem, T> {
  /** What Enter means: a value ends the pick with it; undefined keeps the pick open. */
  readonly accept: () => T | undefined;
  /** What a row's button means, by the same rule. */
  readonly itemButton?: (event: vscode.QuickPickItemButtonEvent<Item>) => T | undefined;
  /** Ends the pick with the value it resolves to, if any (e.g. when picking has become pointless). */
  readonly endWhen?: PromiseLike<T | undefined>;
}

/** Shows the step number and, when there is a step behind, the Back button. */
export function placeInFlow(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, position: StepPosition | undefined): void {
  if (position) {
    input.step = position.step;
    input.totalSteps = position.totalSteps;
    input.buttons = position.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  }
}

/**
 * The one way a quick pick becomes a promise: shows it and settles once, with what Enter (or a
 * row's button) chose, Back, or cancelled when it is hidden (Escape, focus moved to another quick
 * input); then disposes it.
 */
export function awaitPick<Item extends vscode.QuickPickItem, T>(
  pick: vscode.QuickPick<Item>,
  behaviour: PickBehaviour<Item, T>,
  position?: StepPosition,
): Promise<PickResult<T>> {
  placeInFlow(pick, position);
  return new Promise<PickResult<T>>((resolve) => {
    const end = (result: PickResult<T>): void => {
      resolve(result);
      pick.hide();
    };
    const endWith = (value: T | undefined): void => {
      if (value !== undefined) {
        end({ kind: 'picked', value });
      }
    };
    pick.onDidAccept(() => endWith(behaviour.accept()));
    pick.onDidTriggerItemButton((event) => endWith(behaviour.itemButton?.(event)));
    pick.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && end({ kind: 'back' }));
    pick.onDidHide(() => {
      resolve({ kind: 'cancelled' });
      pick.dispose();
    });
    pick.show();
    void behaviour.endWhen?.then(endWith);
  });
}

export interface PickOneOptions<Item> {
  readonly title: string;
  readonly placeholder: string;
  readonly matchOnDescription?: boolean;
  /** Stays open when focus moves elsewhere (a step of a flow the user may check something for). */
  readonly ignoreFocusOut?: boolean;
  /** The row to start on (an earlier answer, when the user comes back). */
  readonly active?: (item: Item) => boolean;
}

/** A pick of one row from a fixed list. */
export function pickOne<Item extends vscode.QuickPickItem>(items: readonly Item[], options: PickOneOptions<Item>, position?: StepPosition): Promise<PickResult<Item>> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.ignoreFocusOut = options.ignoreFocusOut ?? false;
  pick.items = items;
  const active = options.active && items.find(options.active);
  if (active) {
    pick.activeItems = [active];
  }
  return awaitPick(pick, { accept: () => pick.selectedItems[0] ?? pick.activeItems[0] }, position);
}

/** What the picked row stands for. */
export function mapPicked<T, U>(result: PickResult<T>, map: (value: T) => U): PickResult<U> {
  return result.kind === 'picked' ? { kind: 'picked', value: map(result.value) } : result;
}

/** The value picked, or undefined (outside a flow, Back cannot happen). */
export function pickedValue<T>(result: PickResult<T>): T | undefined {
  return result.kind === 'picked' ? result.value : undefined;
}
