/**
 * What the extension shows in the workbench, as the browser-driven runs (e2e, bench) look for it:
 * its ID, its view, its command titles and messages. One place, so a renamed title breaks one file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_IDENTITY, DEMO_INSTANCE, DEMO_INSTANCE_ARN } from '../emulator/fixtures';
import { REPO_ROOT } from './util';
import * as workbench from './workbench';

const MANIFEST = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };

/** `${publisher}.${name}` of package.json. */
export const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;
export const VIEW_CONTAINER = 'Connect Federation';
export const VIEW = 'Federation Sessions';
export const GET_TOKEN = 'Connect: Get Federation Token';
export const OPEN_SIGN_IN = 'Connect: Open Sign-In URL';
export const CLEAR_TOKENS = 'Connect: Clear Federation Tokens';
/** Parts of the fetch flow's titles (the step count comes with them). */
export const PROFILE_PICK = 'AWS profile';
export const INSTANCE_PICK = 'Connect instance';
export const SUCCESS_NOTIFICATION = /^Federation token for .*: access token expires /;
/** The labels of a session's masked rows in the view. */
export const SECRET_ROWS = ['Access token', 'Refresh token', 'Sign-in URL'] as const;
/**
 * Every wait on the UI. The longest are those for the extension after a (re)load of the workbench:
 * up to 20 s were seen on a busy 2-core machine (a 19 MB workbench script, then the extension host).
 */
export const UI_TIMEOUT_MS = 30_000;

/** Get Federation Token from the palette, this profile picked: left at the instance pick. */
export async function openInstancePick(page: Page, profile: string): Promise<void> {
  await workbench.runCommand(page, GET_TOKEN);
  await workbench.waitForQuickInput(page, PROFILE_PICK);
  await workbench.pickItem(page, profile);
  await workbench.waitForQuickInput(page, INSTANCE_PICK);
}

/** Get Federation Token from the palette, this profile and this listed instance picked. */
export async function fetchFromPalette(page: Page, profile: string, instanceAlias: string): Promise<void> {
  await openInstancePick(page, profile);
  await workbench.pickItem(page, instanceAlias);
}

/**
 * Get Federation Token from the palette, profile demo, the demo instance's ARN typed: left at the
 * instance pick, the typed instance the active row, for the caller to press Enter (e2e step 1, the bench).
 */
export async function typeDemoInstanceArn(page: Page): Promise<void> {
  await openInstancePick(page, DEMO_IDENTITY.name);
  // Typed once ListInstances has answered, as a person who sees the list: what the extension
  // makes of a typed ARN may depend on what the list knows (the instance's alias).
  await workbench.quickPickRow(page, DEMO_INSTANCE.alias).waitFor();
  await workbench.typeInQuickInput(page, DEMO_INSTANCE_ARN);
  // Enter only once the active row is the typed instance: the extension updates the rows as the value changes.
  await workbench.activeQuickPickRow(page).filter({ hasText: DEMO_INSTANCE.id }).waitFor();
}
