import * as vscode from 'vscode';
import { redact } from './core/redact';

/** The "Connect Federation" output channel. Everything written passes through redaction first. */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Connect Federation', { log: true });

  constructor(private readonly secrets: () => Iterable<string>) {}

  info(message: string): void {
    this.channel.info(redact(message, this.secrets()));
  }

  /** Whether debug lines are shown (the channel's log level, set with "Developer: Set Log Level…"). */
  get debugEnabled(): boolean {
    return this.channel.logLevel !== vscode.LogLevel.Off && this.channel.logLevel <= vscode.LogLevel.Debug;
  }

  debug(message: string): void {
    this.channel.debug(redact(message, this.secrets()));
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
