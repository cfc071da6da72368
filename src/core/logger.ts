/** Where core code writes what it does, by level; the extension's output channel implements it (and redacts). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** A failure the user can cause or meet (a refused request, an unreadable file). */
  warn(message: string): void;
  /** Something that should not happen: a bug, or data no check expected. */
  error(message: string): void;
}
