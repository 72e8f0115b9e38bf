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

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
/** An entity or numeric character reference, which Markdown decodes (`&amp;` would show as `&`). */
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

/**
 * One character of text as CommonMark reads it inline, escaped only if it would be interpreted
 * there: `*` unless between spaces (then it neither opens nor closes emphasis), `_` unless between
 * spaces or inside a word (an underscore never emphasises within a word), `~~` (strikethrough),
 * every backtick (code spans), `[` (links, images and references; a lone `]` is text), `<` before
 * a letter (autolinks such as `<mailto:…>`), `&` that starts a character reference, and a
 * backslash that would escape what follows.
 */
function inlineEscaped(c: string, prev: string | undefined, next: string | undefined, rest: string): string {
  const between = (test: RegExp) =>
    prev !== undefined && next !== undefined && test.test(prev) && test.test(next);
  switch (c) {
    case '\\':
      return next === undefined || ASCII_PUNCTUATION.test(next) ? '\\\\' : c;
    case '*':
      return between(SPACE) ? c : '\\*';
    case '_':
      return between(SPACE) || between(WORD) ? c : '\\_';
    case '~':
      return prev === '~' || next === '~' ? '\\~' : c;
    case '`':
    case '[':
      return `\\${c}`;
    case '<':
      return next !== undefined && /[A-Za-z]/.test(next) ? '\\<' : c;
    case '&':
      return ENTITY.test(rest) ? '\\&' : c;
    default:
      return c;
  }
}

/**
 * Text for a Teams Adaptive Card's TextBlock or Fact, which Teams renders as Markdown: escaped
 * only where Markdown would read it as markup, so ordinary text (`$7,471.50`, `prod-payments
 * (1234)`) carries no backslash at all. Microsoft's own parsers disagree on backslashes (the web
 * and desktop renderer's markdown-it removes them, the mobile apps' shared parser shows some of
 * them, AdaptiveCards#5590), so the fewer there are the better the card reads everywhere. Escaped:
 * the inline markup above; at the start (where the text begins a block) a heading `#`, a quote
 * `>`, a list marker (`-`, `+`, `*` before a space, `1.` or `1)` before a space) and a thematic
 * break (`---`); Adaptive Cards' own `{{DATE(…)}}` and `{{TIME(…)}}` functions. Bare URLs,
 * domains and addresses are defused first (`defuseLinks`), so nothing from a name links or
 * mentions. Line breaks become spaces: each text is one line of the card.
 */
export function teamsText(text: string): string {
  const chars = Array.from(
    defuseLinks(text)
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .trim(),
  );
  const inline = chars
    .map((c, i) => inlineEscaped(c, chars[i - 1], chars[i + 1], chars.slice(i, i + 40).join('')))
    .join('');
  return inline
    .replace(/\{\{(?=(?:DATE|TIME)\()/g, '{\\{')
    .replace(/^(?=#{1,6}(?:\s|$)|>)/, '\\')
    .replace(/^([-+])(?=\s|$)/, '\\$1')
    .replace(/^-(?=(?:[ \t]*-){2,}[ \t]*$)/, '\\-')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}
