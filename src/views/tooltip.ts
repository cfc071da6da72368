import * as vscode from 'vscode';

/**
 * A tooltip of markdown paragraphs whose text from outside went through markdownText first: not
 * trusted (no command links run), no HTML, no theme icons.
 */
export function tooltip(paragraphs: readonly (string | undefined)[]): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(paragraphs.filter(Boolean).join('\n\n'), false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}
