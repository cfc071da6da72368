import * as vscode from 'vscode';
import { Logger } from './core/logger';
import { redact } from './core/redact';

/** The "Connect Federation" output channel. Everything written passes through redaction first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class Log implements Logger, vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Connect Federation', { log: true });
  private readonly written = new vscode.EventEmitter<{ readonly level: LogLevel; readonly text: string }>();
  /** Every line as written (redacted), whatever the channel's level shows: for the integration tests. */
  readonly onDidWrite = this.written.event;

  constructor(private readonly secrets: () => Iterable<string>) {}

  /** The text with every held secret (and anything that looks like a key or token) replaced. */
  redact(text: string): string {
    return redact(text, this.secrets());
  }

  /** Whether debug lines are shown (the channel's log level, set with "Developer: Set Log Level…"). */
  get debugEnabled(): boolean {
    return this.channel.logLevel !== vscode.LogLevel.Off && this.channel.logLevel <= vscode.LogLevel.Debug;
  }

  debug(message: string): void {
    this.write('debug', message);
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  private write(level: LogLevel, message: string): void {
    const text = this.redact(message);
    this.channel[level](text);
    this.written.fire({ level, text });
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
    this.written.dispose();
  }
}
