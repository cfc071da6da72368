import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { RowArrivals } from '../../src/core/rowArrivals';

describe('RowArrivals: which new session row arrives collapsed, to be expanded once drawn', () => {
  it('none before the stored sessions are restored, and none of those restored', () => {
    const arrivals = new RowArrivals();
    assert.equal(arrivals.rowsTaken(['a'], true), undefined, 'the view asked before the restore finished');
    arrivals.restored(['a', 'b']);
    assert.equal(arrivals.rowsTaken(['a', 'b'], true), undefined);
    assert.equal(arrivals.collapsed('a'), false);
  });

  it('a session fetched while the view is shown, until it is expanded; then the next one', () => {
    const arrivals = new RowArrivals();
    arrivals.restored(['a']);
    assert.equal(arrivals.rowsTaken(['a', 'b'], true), 'b');
    assert.equal(arrivals.collapsed('b'), true);
    assert.equal(arrivals.collapsed('a'), false);
    // Rows taken again (a tick) while b is being expanded: b stays collapsed, nothing new.
    assert.equal(arrivals.rowsTaken(['a', 'b'], true), undefined);
    assert.equal(arrivals.collapsed('b'), true);
    // Another arrives meanwhile: expanded from the start (one at a time).
    assert.equal(arrivals.rowsTaken(['a', 'b', 'c'], true), undefined);
    assert.equal(arrivals.collapsed('c'), false);
    arrivals.expanded('b');
    assert.equal(arrivals.collapsed('b'), false);
    assert.equal(arrivals.rowsTaken(['a', 'b', 'c', 'd'], true), 'd');
  });

  it('none while the view is hidden, none when several arrive at once, and a later restore changes nothing', () => {
    const arrivals = new RowArrivals();
    arrivals.restored([]);
    assert.equal(arrivals.rowsTaken(['a'], false), undefined);
    assert.equal(arrivals.rowsTaken(['a', 'b', 'c'], true), undefined);
    arrivals.restored(['a', 'b', 'c', 'x']);
    assert.equal(arrivals.rowsTaken(['a', 'b', 'c', 'x'], true), 'x', 'x was not in the rows last taken');
  });

  it('a session removed and fetched again arrives again', () => {
    const arrivals = new RowArrivals();
    arrivals.restored(['a']);
    assert.equal(arrivals.rowsTaken([], true), undefined);
    assert.equal(arrivals.rowsTaken(['a'], true), 'a');
  });

  it('property: at most one row is collapsed, only one that had just arrived alone, and it stays so until expanded', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd');
    const step = fc.oneof(
      fc.record({ kind: fc.constant('rows' as const), ids: fc.uniqueArray(ids, { maxLength: 4 }), visible: fc.boolean() }),
      fc.record({ kind: fc.constant('restored' as const), ids: fc.uniqueArray(ids, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('expanded' as const), id: ids }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const arrivals = new RowArrivals();
        let shown: string[] | undefined;
        let collapsed: string | undefined;
        for (const s of steps) {
          if (s.kind === 'restored') {
            arrivals.restored(s.ids);
            shown ??= s.ids;
          } else if (s.kind === 'expanded') {
            arrivals.expanded(s.id);
            collapsed = collapsed === s.id ? undefined : collapsed;
          } else {
            const got = arrivals.rowsTaken(s.ids, s.visible);
            if (got !== undefined) {
              const before = shown ?? [];
              const arrived = s.ids.filter((id) => !before.includes(id));
              assert.ok(shown !== undefined && s.visible && collapsed === undefined, 'an arrival only after the restore, shown, one at a time');
              assert.deepEqual(arrived, [got], 'the one session that arrived');
              collapsed = got;
            }
            shown = shown === undefined ? undefined : s.ids;
          }
          for (const id of ['a', 'b', 'c', 'd']) {
            assert.equal(arrivals.collapsed(id), id === collapsed, `collapsed(${id})`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
