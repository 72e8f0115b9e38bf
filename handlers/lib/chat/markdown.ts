/** Escapes Markdown's special characters, so names and reasons read as text (Teams, Amazon Q). */
export function markdownEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
