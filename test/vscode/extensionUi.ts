/**
 * What the extension shows in the workbench, as the browser-driven runs (e2e, bench) look for it:
 * its ID, its view, its command titles and messages. One place, so a renamed title breaks one file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './util';

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
/**
 * Every wait on the UI. The longest are those for the extension after a (re)load of the workbench:
 * up to 20 s were seen on a busy 2-core machine (a 19 MB workbench script, then the extension host).
 */
export const UI_TIMEOUT_MS = 30_000;
