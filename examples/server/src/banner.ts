import stringWidth from 'string-width';

/** One line of the start banner: `label: value`, or a heading when there is no value. */
export interface BannerLine {
  label: string;
  value?: string;
  /** Extra indentation (in cells) under a heading. */
  indent?: number;
}

/**
 * The banner printed for the person at the terminal. Values start in one column, measured in
 * terminal cells (`string-width`): クライアントシークレット is 12 characters but 24 cells,
 * so padding by `.length` would push its value out of line.
 */
export function renderBanner(lines: readonly BannerLine[]): string {
  const prefix = (line: BannerLine) => `  ${' '.repeat(line.indent ?? 0)}${line.label}:`;
  const width = Math.max(
    0,
    ...lines.filter((line) => line.value !== undefined).map((line) => stringWidth(prefix(line))),
  );
  return lines
    .map((line) => {
      if (line.value === undefined) return `  ${' '.repeat(line.indent ?? 0)}${line.label}`;
      const head = prefix(line);
      return `${head}${' '.repeat(width - stringWidth(head) + 1)}${line.value}`;
    })
    .join('\n');
}
