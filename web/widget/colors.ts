/** White or near-black text, whichever reads better on the channel's colour. */
export function onColor(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  // Contrast against white (1.05 / (l + 0.05)) versus against #1f1f1f (≈ (l + 0.05) / 0.064).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.064 ? '#fff' : '#1f1f1f';
}
