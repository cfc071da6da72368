/**
 * Which new session row the view shows collapsed first and expands right after. VS Code draws a new
 * *expanded* row only once it has also fetched the row's children, one more round trip to the
 * extension host, so a row that arrives collapsed shows ≈ 10–35 ms sooner (measured: README,
 * Performance); its children follow a moment later. Only for one session new since the view last
 * took its rows (a fetch; or, if the view was hidden meanwhile, when it is shown again), after the
 * stored sessions were restored, while the view is on screen, one at a time: restored sessions and
 * several at once arrive expanded, as do all while one is being expanded.
 */
export class RowArrivals {
  /** The sessions in the view's last rows; undefined until the stored sessions are restored. */
  private shown: ReadonlySet<string> | undefined;
  private expanding: string | undefined;

  /** The stored sessions are restored (the first time counts): those held now are no arrivals. */
  restored(held: readonly string[]): void {
    this.shown ??= new Set(held);
  }

  /** The view takes its rows (these sessions): the one to show collapsed and expand once drawn, if any. */
  rowsTaken(ids: readonly string[], viewVisible: boolean): string | undefined {
    const before = this.shown;
    if (before === undefined) {
      return undefined;
    }
    this.shown = new Set(ids);
    const arrived = ids.filter((id) => !before.has(id));
    if (!viewVisible || arrived.length !== 1 || this.expanding !== undefined) {
      return undefined;
    }
    this.expanding = arrived[0];
    return this.expanding;
  }

  /** Whether this session's row is shown collapsed (until `expanded`). */
  collapsed(id: string): boolean {
    return this.expanding === id;
  }

  /** The expansion `rowsTaken` asked for is done, or failed: rows arrive expanded again. */
  expanded(id: string): void {
    if (this.expanding === id) {
      this.expanding = undefined;
    }
  }
}
