/**
 * e2e: one role profile, several Connect users. Profile `agents` assumes the ConnectAgent role with
 * no role_session_name of its own, so the SDK names the session (`aws-sdk-js-…`) and Connect finds
 * no user: the failure says who signed in, and "Sign in as another Connect user…" signs in as bob
 * through the same profile, beside the other sessions, with the identity line in the tree.
 */
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ACCOUNT_ID, CONNECT_AGENT_ROLE, DEMO_IDENTITY, DEMO_INSTANCE, DEMO_REGION } from '../emulator/fixtures';
import { GET_TOKEN, VIEW, fetchFromPalette } from '../vscode/extensionUi';
import * as workbench from '../vscode/workbench';
import type { TwoUsersScene } from './twoUsers';

const PROFILE = 'agents';
const USER = 'bob';
const ANOTHER_USER = 'Sign in as another Connect user…';
/** In the results: the failure naming who signed in, with its button (every session's identity line behind it). */
export const USER_NOT_FOUND_PICTURE = 'user-not-found.png';
/** In the results: the tree with bob's session through profile agents, and its identity line. */
export const CHOSEN_USER_PICTURE = 'chosen-user.png';

/** Profile `agents`: the ConnectAgent role through the demo user, with no role_session_name. */
export function writeAgentsProfile(home: string, endpointUrl: string): void {
  appendFileSync(
    path.join(home, '.aws', 'config'),
    `\n[profile ${PROFILE}]\nregion = ${DEMO_REGION}\nendpoint_url = ${endpointUrl}\nrole_arn = ${CONNECT_AGENT_ROLE.arn}\nsource_profile = ${DEMO_IDENTITY.name}\n`,
  );
}

/** Step `number`: UserNotFoundException for the SDK's session name, then bob through the same profile. */
export async function chosenUserStep(scene: TwoUsersScene, number: number): Promise<void> {
  const { checks, page } = scene;
  await scene.startStep(number, `One role profile, another Connect user: profile ${PROFILE}, then ${USER} through it`);
  const failure = workbench.notifications(page, /has no Connect user named aws-sdk-js-\d+/, 'error');
  const failed = await checks.run(
    `"${GET_TOKEN}", profile ${PROFILE} (no role_session_name), ${DEMO_INSTANCE.alias}: the failure names the identity that signed in and offers "${ANOTHER_USER}"`,
    async () => {
      await fetchFromPalette(page, PROFILE, DEMO_INSTANCE.alias);
      await failure.waitFor();
      const text = await failure.innerText();
      const signedIn = new RegExp(`signed in as arn:aws:sts::${ACCOUNT_ID}:assumed-role/${CONNECT_AGENT_ROLE.name}/aws-sdk-js-\\d+`);
      if (!signedIn.test(text) || !text.includes('set role_session_name')) {
        throw new Error(`The notification says "${text}"`);
      }
      await failure.locator('.monaco-button', { hasText: ANOTHER_USER }).waitFor();
    },
  );
  if (failed.ok) {
    await hidePanel(page);
    await page.screenshot({ path: path.join(scene.results, USER_NOT_FOUND_PICTURE), animations: 'disabled' });
  }
  const row = workbench.treeRows(page, VIEW, { topLevel: true, label: DEMO_INSTANCE.alias, description: new RegExp(`^${PROFILE} as ${USER} · `) });
  const fetched = await checks.run(`"${ANOTHER_USER}", "${USER}" typed: ${USER}'s session through profile ${PROFILE} appears beside the others`, async () => {
    await failure.locator('.monaco-button', { hasText: ANOTHER_USER }).click();
    await workbench.waitForQuickInput(page, 'as another Connect user');
    await workbench.typeInQuickInput(page, USER);
    await workbench.acceptQuickInput(page);
    await row.waitFor();
    const assumed = scene.emulator.requests().filter((r) => r.operation === 'AssumeRole').map((r) => r.form?.RoleSessionName);
    if (assumed.at(-1) !== USER || scene.emulator.tokens().at(-1)?.userName !== USER) {
      throw new Error(`The last AssumeRole was as ${String(assumed.at(-1))}, the last token ${scene.emulator.tokens().at(-1)?.userName}'s`);
    }
    checks.note(`AssumeRole session names, in order: ${assumed.join(', ')}`);
  }, [failed]);
  await checks.run(`its "Signed in as" line shows the role session and the Connect user it maps to`, async () => {
    // The others folded, bob's unfolded: the line is in sight.
    await workbench.viewTitleAction(page, 'Collapse All');
    await row.click();
    await page.keyboard.press('ArrowRight');
    await workbench
      .treeRows(page, VIEW, { label: 'Signed in as', description: new RegExp(`^Connect user ${USER} · arn:aws:sts::${ACCOUNT_ID}:assumed-role/${CONNECT_AGENT_ROLE.name}/${USER}$`) })
      .waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(scene.results, CHOSEN_USER_PICTURE), animations: 'disabled' });
  }, [fetched]);
}

/** For the pictures: the terminal of the step before is no part of them (a picture without it is not worth failing a check for). */
async function hidePanel(page: Page): Promise<void> {
  await workbench.runCommand(page, 'View: Hide Panel').catch(() => workbench.closeQuickInput(page));
}
