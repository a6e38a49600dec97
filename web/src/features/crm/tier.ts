/** The tag colour of each customer tier (VIPs stand out on every list). */
export const TIER_COLORS: Record<string, string | undefined> = {
  standard: undefined,
  silver: 'default',
  gold: 'gold',
  vip: 'red',
};
