/**
 * An agent phone's registration changed: it registered (first binding of the account), refreshed
 * from another address or user agent, unregistered, or its last registration expired. The payload
 * is a small snapshot; the desktop reads the details from `GET /api/v1/telephony/my-phone`.
 */
export type PhoneRegistrationChanged = {
  /** The agent the phone belongs to: the desktop that shows it. */
  agentUserId: string;
  username: string;
  /** Whether the account has a live registration after the change. */
  registered: boolean;
  cause: 'register' | 'expire';
};

declare module '../../platform/bus' {
  interface EventMap {
    'telephony.phone.registration_changed': PhoneRegistrationChanged;
  }
}
