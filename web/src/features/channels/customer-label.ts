import type { Conversation } from '../../../../contracts/conversations';

/**
 * How a conversation's customer is named on screen (masked as the API gave it): their name, else
 * the phone or e-mail they gave, else their address on the channel; an anonymous web visitor is
 * "visitor" and the end of their id, enough to tell two apart.
 */
export function customerLabel(
  c: Pick<Conversation, 'customerName' | 'customerPhone' | 'customerEmail' | 'address' | 'channel'>,
  visitor: string,
): string {
  const given = c.customerName ?? c.customerPhone ?? c.customerEmail;
  if (given) return given;
  if (c.channel === 'webchat') return `${visitor} ${c.address.slice(-6)}`;
  return c.address;
}
