import { sayNumber } from '../ivr';

/** What the queue wait knows when it announces: the contact's place and estimate, the queue node's choices. */
export type AnnouncementInput = {
  position: number | null | undefined;
  estimatedWaitSeconds: number | null | undefined;
  announcePosition: boolean;
  announceWait: boolean;
  callbackOffer: boolean;
};

/**
 * The prompt keys of one queue announcement, numbers read the way the IVR reads them (`sayNumber`:
 * in zh-CN 12 is 十二, not 一二): "callers ahead of you: N", "about M minutes" (at least 1), then the
 * callback offer.
 */
export function announcementPrompts(input: AnnouncementInput, language: string): string[] {
  const keys: string[] = [];
  if (input.announcePosition && input.position != null) {
    keys.push('position-before', ...sayNumber(String(input.position), language), 'position-after');
  }
  if (input.announceWait && input.estimatedWaitSeconds != null) {
    const minutes = Math.max(1, Math.round(input.estimatedWaitSeconds / 60));
    keys.push('wait-before', ...sayNumber(String(minutes), language), 'wait-minutes');
  }
  if (input.callbackOffer) keys.push('callback-offer');
  return keys;
}
