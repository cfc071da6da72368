import * as vscode from 'vscode';
import { redact } from './core/redact';

/** The "Connect Federation" output channel. Everything written passes through redaction first. */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Connect Federation', { log: true });

  constructor(private readonly secrets: () => Iterable<string>) {}

  info(message: string): void {
    this.channel.info(redact(message, this.secrets()));
  }

  warn(message: string): void {
    this.channel.warn(redact(message, this.secrets()));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
