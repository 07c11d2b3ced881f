// Is this XML a FlexML document? True when its root element is <Response>.
// Pure string work (no vscode import) so it is unit-tested with node alone.

/** How much of a document is read to find its root element. */
export const SNIFF_LENGTH = 8192;

/**
 * Whether the first element of `text` is `<Response>` (exact case, no prefix). The XML declaration,
 * processing instructions, comments, a DOCTYPE (with an internal subset) and whitespace may come first.
 */
export function hasResponseRoot(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
      continue;
    }
    if (c !== "<") {
      return false; // text before the root: not XML we recognise
    }
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) return false;
      i = end + 3;
    } else if (text.startsWith("<!DOCTYPE", i)) {
      const end = doctypeEnd(text, i + 9);
      if (end < 0) return false;
      i = end;
    } else {
      return /^<Response(?=[\s/>]|$)/.test(text.slice(i, i + 10));
    }
  }
  return false;
}

/** The offset just past a DOCTYPE declaration starting before `i`, or -1 if it does not end. */
function doctypeEnd(text: string, i: number): number {
  let quote = "";
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "[") {
      depth++;
    } else if (c === "]") {
      depth--;
    } else if (c === ">" && depth <= 0) {
      return i + 1;
    }
  }
  return -1;
}
