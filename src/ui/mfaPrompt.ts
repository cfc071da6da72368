import * as vscode from 'vscode';
import { StepPosition, placeInFlow } from './quickPick';

const CODE = /^\d{6}$/;

/**
 * Asks for the one-time code of a role profile's MFA device (the SDK calls `ask` while assuming the
 * role). Escape rejects as a cancellation: nothing is sent. Inside the fetch flow the prompt is one
 * of its steps: numbered, with Back.
 */
export class MfaPrompt {
  private step: { readonly position: StepPosition; back(): void } | undefined;

  readonly ask = (profile: string, serial: string): Promise<string> => {
    const step = this.step;
    const input = vscode.window.createInputBox();
    const device = serial.split(':').pop() ?? serial;
    input.title = `MFA code for profile ${profile} (${device})`;
    input.prompt = `The 6-digit code of MFA device ${serial}`;
    input.placeholder = '123456';
    input.ignoreFocusOut = true;
    placeInFlow(input, step?.position);
    return new Promise<string>((resolve, reject) => {
      const cancelled = (): Error => Object.assign(new Error('MFA code entry cancelled'), { name: 'AbortError' });
      input.onDidChangeValue((value) => (input.validationMessage = value === '' || CODE.test(value.trim()) ? undefined : 'An MFA code is six digits.'));
      input.onDidAccept(() => {
        if (CODE.test(input.value.trim())) {
          resolve(input.value.trim());
          input.hide();
        } else {
          input.validationMessage = 'An MFA code is six digits.';
        }
      });
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) {
          step?.back();
          input.hide();
        }
      });
      input.onDidHide(() => {
        reject(cancelled());
        input.dispose();
      });
      input.show();
    });
  };

  /**
   * Runs `work` (resolving a profile's credentials) with any code prompt shown as this step of a
   * flow; says whether the user went Back from it (the work then fails as cancelled).
   */
  async asStep<T>(position: StepPosition, work: () => Promise<T>): Promise<{ readonly result: T; readonly back: boolean }> {
    let back = false;
    const outer = this.step;
    this.step = { position, back: () => (back = true) };
    try {
      const result = await work();
      return { result, back };
    } finally {
      this.step = outer;
    }
  }
}
