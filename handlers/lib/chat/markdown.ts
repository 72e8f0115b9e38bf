/** Escapes Markdown's special characters, so names and reasons read as text (Teams, Amazon Q). */
export function markdownEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/**
 * Text that no chat client turns into a link: Slack, Teams and Amazon Q link bare URLs and
 * domain-looking words, so `://` and a dot between letters get look-alikes (`:∕∕`, `․`). Our own
 * links travel in their own fields (a button, next steps), never through this.
 */
export function defuseLinks(text: string): string {
  return text
    .replace(/:\/\//g, ':∕∕')
    .replace(/([\p{L}\p{N}])\.(?=\p{L})/gu, '$1․')
    .replace(/@/g, '＠');
}
