import { FederationSession } from '../core/session';
import { TerminalStatus } from '../core/terminalEnvironment';

/** What other features say about a session on its row: words for its description and tooltip, and context values for its menus. */
export interface SessionMarks {
  readonly words: readonly string[];
  readonly contextValues: readonly string[];
  readonly tooltip: readonly string[];
}

export const NO_MARKS: SessionMarks = { words: [], contextValues: [], tooltip: [] };

/** Whether terminals get the session's token, and whether a browser profile of its own keeps its sign-in. */
export function sessionMarks(terminals: TerminalStatus | undefined, browserProfile: boolean): SessionMarks {
  return {
    words: terminals ? ['in terminals'] : [],
    contextValues: [...(terminals ? ['terminals'] : []), ...(browserProfile ? ['browserProfile'] : [])],
    tooltip: [
      ...(terminals === 'active' ? ['New terminals and tasks get its CONNECT_* variables.'] : []),
      ...(terminals === 'expired' ? ['Terminals get its CONNECT_* variables again once it is fetched again.'] : []),
      ...(browserProfile ? ['A browser profile of its own keeps its sign-in: Sign Out forgets it.'] : []),
    ],
  };
}

export type MarksOf = (session: FederationSession) => SessionMarks;
