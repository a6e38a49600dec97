import { z } from 'zod';

/** SIP usernames: lowercase, as phones send them in the digest (case matters there). */
export const SipUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{1,40}$/, 'letters, digits, dot, underscore or hyphen; at most 40');

/** A SIP password: what the phone is configured with; only its digest hashes are stored. */
export const SipPassword = z.string().min(8).max(64);

export const PhoneBinding = z.object({
  /** The Contact URI the phone registered. */
  contact: z.string(),
  /** Where the REGISTER came from; calls to this phone go there (NAT). */
  source: z.object({ transport: z.string(), host: z.string(), port: z.number().int() }),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
});
export type PhoneBinding = z.infer<typeof PhoneBinding>;

export const Phone = z.object({
  id: z.uuid(),
  username: z.string(),
  agentUserId: z.uuid(),
  /** The agent's display name; null when the user is gone. */
  agentName: z.string().nullable(),
  disabled: z.boolean(),
  /** At least one live registration on this node. */
  registered: z.boolean(),
  bindings: z.array(PhoneBinding),
  createdAt: z.string(),
});
export type Phone = z.infer<typeof Phone>;

export const CreatePhoneBody = z.object({
  username: SipUsername,
  password: SipPassword,
  agentUserId: z.uuid(),
});
export type CreatePhoneBody = z.infer<typeof CreatePhoneBody>;

export const UpdatePhoneBody = z
  .object({ password: SipPassword.optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdatePhoneBody = z.infer<typeof UpdatePhoneBody>;
