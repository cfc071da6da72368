import * as vscode from 'vscode';

/** A status bar warning that stays while connectFederation.verifyTls is off. */
export class TlsWarning implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('connectFederation.tlsWarning', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = 'Connect Federation TLS Verification';
    this.item.text = '$(unlock) TLS verification off';
    this.item.tooltip = 'connectFederation.verifyTls is off: certificates of the Amazon Connect endpoint are not checked, so tokens could be intercepted. Click to open the setting.';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.command = { title: 'Open Setting', command: 'workbench.action.openSettings', arguments: ['connectFederation.verifyTls'] };
  }

  update(verifyTls: boolean): void {
    if (verifyTls) {
      this.item.hide();
    } else {
      this.item.show();
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
