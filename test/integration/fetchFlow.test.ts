/** The Get Federation Token flow, driven as a keyboard would: steps, Back, Escape, arguments. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FetchedSessionInfo } from '../../src/commands/getFederationToken';
import { DEMO_INSTANCE_ARN, DEMO_INSTANCE_ID, LONDON_INSTANCE } from '../emulator/fixtures';
import { Fixture, QuickInputs, accept, back, escape, intercept, until } from './support';

const TYPED = /^\$\(arrow-right\) Use /;

describe('the Get Federation Token flow in a real extension host', () => {
  let fixture: Fixture;
  let inputs: QuickInputs;

  before(async () => (fixture = await Fixture.start()));
  after(() => fixture.dispose());
  beforeEach(async () => {
    await fixture.api.store.clear();
    fixture.emulator.reset();
    fixture.emulator.clearRequests();
    inputs = new QuickInputs();
  });
  afterEach(async () => {
    inputs.restore();
    // Picked instances are remembered with their aliases: later suites name instances by ID.
    for (const key of fixture.api.globalState.keys()) {
      await fixture.api.globalState.update(key, undefined);
    }
  });

  const nextPick = (title: RegExp): Promise<vscode.QuickPick<vscode.QuickPickItem>> => inputs.pick(title);

  function run(args?: unknown): Thenable<FetchedSessionInfo | undefined> {
    return vscode.commands.executeCommand<FetchedSessionInfo | undefined>('connectFederation.getFederationToken', args);
  }

  const fetches = (): number => fixture.emulator.requests().filter((r) => r.operation === 'GetFederationToken').length;

  it('walks back from the instance pick to the profile pick and on, keeping the earlier choices', async () => {
    const result = run();
    const profiles = await nextPick(/Get Federation Token: AWS profile/);
    assert.deepEqual([profiles.step, profiles.totalSteps, profiles.buttons.length], [1, 2, 0], 'step 1 of 2, no Back');
    await inputs.choose(profiles, 'demo');

    const instances = await nextPick(/Get Federation Token: Connect instance \(profile demo\)/);
    assert.deepEqual([instances.step, instances.totalSteps], [2, 2]);
    assert.deepEqual(instances.buttons, [vscode.QuickInputButtons.Back]);
    instances.value = DEMO_INSTANCE_ARN; // an ARN gets a row of its own, even for a listed instance
    await until(() => instances.items.some((item) => TYPED.test(item.label)), 'the typed instance row');
    await back();

    const again = await nextPick(/AWS profile/);
    await until(() => again.activeItems[0]?.label === 'demo', 'the profile chosen before, active');
    await inputs.choose(again, 'demo');
    const instancesAgain = await nextPick(/Connect instance \(profile demo\)/);
    assert.equal(instancesAgain.value, DEMO_INSTANCE_ARN, 'what was typed is still there');
    await until(() => TYPED.test(instancesAgain.activeItems[0]?.label ?? ''), 'the typed row active');
    await accept();

    const info = await result;
    assert.equal(info?.instanceId, DEMO_INSTANCE_ID);
    assert.equal(fixture.api.store.list()[0]?.profile, 'demo');
    assert.equal(fetches(), 1, 'one request, after the Back');
  });

  it('asks for the region as step 3 of 3 when nothing names one; Back from it returns to the instance pick', async () => {
    const result = run();
    await inputs.choose(await nextPick(/AWS profile/), 'noregion');
    const instances = await nextPick(/Connect instance \(profile noregion\)/);
    assert.deepEqual([instances.step, instances.totalSteps], [2, 3]);
    assert.ok(instances.items.some((item) => /Pick a region to list its instances/.test(item.label)));
    instances.value = DEMO_INSTANCE_ID;
    await until(() => TYPED.test(instances.activeItems[0]?.label ?? ''), 'the typed row active');
    await accept();

    const regions = await nextPick(/region \(profile noregion has none\)/);
    assert.deepEqual([regions.step, regions.totalSteps], [3, 3]);
    assert.deepEqual(regions.buttons, [vscode.QuickInputButtons.Back]);
    await back();
    const instancesAgain = await nextPick(/Connect instance \(profile noregion\)/);
    assert.equal(instancesAgain.value, DEMO_INSTANCE_ID);
    await until(() => TYPED.test(instancesAgain.activeItems[0]?.label ?? ''), 'the typed row active');
    await accept();
    await inputs.choose(await nextPick(/region \(profile noregion has none\)/), 'us-east-1');

    const info = await result;
    assert.deepEqual([info?.instanceId, info?.region], [DEMO_INSTANCE_ID, 'us-east-1']);
  });

  it('lists the instances of a region picked from the instance pick, then goes back to it', async () => {
    const result = run();
    await inputs.choose(await nextPick(/AWS profile/), 'noregion');
    const instances = await nextPick(/Connect instance \(profile noregion\)/);
    await inputs.choose(instances, '$(globe) Pick a region to list its instances…');
    await inputs.choose(await nextPick(/region \(profile noregion has none\)/), 'eu-west-2');
    const listed = await nextPick(/Connect instance \(profile noregion\)/);
    await inputs.choose(listed, LONDON_INSTANCE.alias);
    const info = await result;
    assert.deepEqual([info?.instanceId, info?.region], [LONDON_INSTANCE.id, 'eu-west-2']);
  });

  it('keeps the choices made before Escape for the next run', async () => {
    const first = run();
    await inputs.choose(await nextPick(/AWS profile/), 'nouser');
    const instances = await nextPick(/Connect instance \(profile nouser\)/);
    instances.value = DEMO_INSTANCE_ARN;
    await until(() => instances.items.some((item) => TYPED.test(item.label)), 'the typed instance row');
    await escape();
    assert.equal(await first, undefined);

    const second = run();
    const profiles = await nextPick(/AWS profile/);
    await until(() => profiles.activeItems[0]?.label === 'nouser', 'the profile chosen before Escape, active');
    await accept(); // Enter, on the row the pick starts on
    assert.equal((await nextPick(/Connect instance \(profile nouser\)/)).value, DEMO_INSTANCE_ARN);
    await escape();
    assert.equal(await second, undefined);
    assert.equal(fetches(), 0);
  });

  it('skips the steps its arguments answer', async () => {
    const withProfile = run({ profile: 'demo' });
    const instances = await nextPick(/Connect instance \(profile demo\)/);
    assert.deepEqual([instances.step, instances.totalSteps, instances.buttons.length], [1, 1, 0], 'the only step: no Back');
    await escape();
    assert.equal(await withProfile, undefined);

    const withInstance = run({ instance: DEMO_INSTANCE_ID });
    const profiles = await nextPick(/AWS profile/);
    assert.deepEqual([profiles.step, profiles.totalSteps], [1, 1]);
    await inputs.choose(profiles, 'demo');
    assert.equal((await withInstance)?.instanceId, DEMO_INSTANCE_ID);
    assert.equal(inputs.created.length, 2, 'no instance pick');
  });

  it('refuses arguments of the wrong shape with a message naming the shape, and sends nothing', async () => {
    const errors = intercept('showErrorMessage');
    try {
      for (const args of ['demo', { instance: 42 }, [{ profile: 'demo' }], { profile: 'demo', instanceId: DEMO_INSTANCE_ID }, { profile: 'x'.repeat(1_000_000) }]) {
        assert.equal(await run(args), undefined);
      }
      assert.equal(errors.calls.length, 5);
      for (const [message] of errors.calls) {
        assert.match(String(message), /^Get Federation Token: .*; expected \{ "profile": "<profile name>", "instance": "<instance ID or ARN>", "region": "<region>", "roleSessionName": "<Connect user name>" \}, each optional\.$/);
        assert.ok(String(message).length < 400);
      }
      assert.deepEqual(inputs.created, [], 'no pick opened');
      assert.deepEqual(fixture.emulator.requests(), []);
    } finally {
      errors.restore();
    }
  });
});
