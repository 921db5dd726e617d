/**
 * How the style a band played is said, in one place for the CLI, the server's downloads and
 * the web app: the style, and whether `auto` chose it and how sure it was (the share of the
 * nearest training songs in that style, score-style.ts's chooseStyle).
 *
 *   styleWords('jazz-swing', 0.667) → 'jazz-swing (chosen from the solo, 67 % sure)'
 *   styleWords('latin', null)       → 'latin (asked for)'
 *   styleWords(null, null)          → null
 */
export function styleWords(style: string | null | undefined, confidence: number | null | undefined): string | null {
  if (!style) return null;
  return confidence === null || confidence === undefined ? `${style} (asked for)` : `${style} (chosen from the solo, ${Math.round(confidence * 100)} % sure)`;
}
