/**
 * A multi-step input as a loop over named steps sharing one state object (kept by the caller):
 * each step says where to go next, or Back, or Cancel; Back returns to the last step that can be
 * asked again, with the state (the earlier answers) intact.
 */

export type StepOutcome<N extends string> =
  /** `revisit: false`: Back skips this step (it showed nothing, or cannot be asked twice, like a one-time code). */
  | { readonly next: N; readonly revisit?: boolean }
  | 'done'
  | 'back'
  | 'cancel';

export interface StepContext {
  /** Whether there is a step to go back to (a Back button is shown only then). */
  readonly canGoBack: boolean;
}

/** Runs the steps from `first`; resolves true when a step says done, false on cancel. */
export async function runSteps<N extends string>(first: N, run: (step: N, context: StepContext) => Promise<StepOutcome<N>>): Promise<boolean> {
  const history: N[] = [];
  let step = first;
  for (;;) {
    const outcome = await run(step, { canGoBack: history.length > 0 });
    if (outcome === 'done' || outcome === 'cancel') {
      return outcome === 'done';
    }
    if (outcome === 'back') {
      const previous = history.pop();
      if (previous === undefined) {
        return false;
      }
      step = previous;
      continue;
    }
    if (outcome.revisit !== false) {
      history.push(step);
    }
    // Going on to a step already behind (a region picked to list instances leads back to the
    // instance step): the history unwinds to it, so Back from there goes where it went before.
    const earlier = history.indexOf(outcome.next);
    if (earlier >= 0) {
      history.length = earlier;
    }
    step = outcome.next;
  }
}
