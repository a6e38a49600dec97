import { z } from 'zod';
import { OverloadAction, SpikeMessage } from './voice';

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

/**
 * The signed-in agent's own phones (GET /api/v1/telephony/my-phone, for the desktop): each SIP
 * account with its live registrations — where it registered from and with which phone.
 */
export const MyPhone = z.object({
  /** At least one enabled account has a live registration: calls offered to the agent can ring. */
  registered: z.boolean(),
  phones: z.array(
    z.object({ username: z.string(), disabled: z.boolean(), registered: z.boolean(), bindings: z.array(PhoneBinding) }),
  ),
});
export type MyPhone = z.infer<typeof MyPhone>;

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

/** A called number (DID) as the carrier sends it: digits, optionally with a leading +. */
export const DidNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9*#]{1,32}$/, 'digits (and * #), optionally with a leading +; at most 32');

export const PhoneNumber = z.object({
  id: z.uuid(),
  number: z.string(),
  flowId: z.uuid(),
  name: z.string().nullable(),
  /** What this number does with a call admission control refuses (issue 12): 503 or the busy prompt. */
  overloadAction: OverloadAction,
  /** The spike message (应急公告) supervisors turn on in one click. */
  spike: SpikeMessage,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PhoneNumber = z.infer<typeof PhoneNumber>;

export const CreateNumberBody = z.object({
  number: DidNumber,
  flowId: z.uuid(),
  name: z.string().trim().min(1).max(100).optional(),
});
export type CreateNumberBody = z.infer<typeof CreateNumberBody>;
export const UpdateNumberBody = z
  .object({
    flowId: z.uuid().optional(),
    name: z.string().trim().min(1).max(100).nullable().optional(),
    overloadAction: OverloadAction.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateNumberBody = z.infer<typeof UpdateNumberBody>;

/** An IPv4/IPv6 address or CIDR block a trunk's calls come from. */
export const AddressOrCidr = z
  .string()
  .trim()
  .refine((v) => {
    const [addr, bits, extra] = v.split('/');
    if (extra !== undefined || !addr) return false;
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
    const isV4 = !!v4 && v4.slice(1).every((o) => Number(o) <= 255);
    const isV6 = !isV4 && /^[0-9a-fA-F:]+$/.test(addr) && addr.includes(':');
    if (!isV4 && !isV6) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (isV4 ? 32 : 128);
  }, 'an IP address or CIDR block, e.g. 203.0.113.10 or 203.0.113.0/24');

export const Trunk = z.object({
  id: z.uuid(),
  name: z.string(),
  inboundAddresses: z.array(z.string()),
  outboundHost: z.string().nullable(),
  outboundPort: z.number().int().nullable(),
  outboundTransport: z.enum(['udp', 'tcp']),
  outboundUsername: z.string().nullable(),
  /** Whether an outbound password is stored (it is never returned). */
  hasOutboundPassword: z.boolean(),
  callerId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Trunk = z.infer<typeof Trunk>;

const TrunkFields = {
  inboundAddresses: z.array(AddressOrCidr).max(50),
  outboundHost: z.string().trim().min(1).max(253).nullable(),
  outboundPort: z.number().int().min(1).max(65535).nullable(),
  outboundTransport: z.enum(['udp', 'tcp']),
  outboundUsername: z.string().trim().min(1).max(64).nullable(),
  outboundPassword: z.string().min(1).max(128).nullable(),
  callerId: DidNumber.nullable(),
  disabled: z.boolean(),
};
export const CreateTrunkBody = z.object({
  name: z.string().trim().min(1).max(60),
  inboundAddresses: TrunkFields.inboundAddresses.default([]),
  outboundHost: TrunkFields.outboundHost.default(null),
  outboundPort: TrunkFields.outboundPort.default(null),
  outboundTransport: TrunkFields.outboundTransport.default('udp'),
  outboundUsername: TrunkFields.outboundUsername.default(null),
  outboundPassword: TrunkFields.outboundPassword.default(null),
  callerId: TrunkFields.callerId.default(null),
});
export type CreateTrunkBody = z.infer<typeof CreateTrunkBody>;
export const UpdateTrunkBody = z
  .object({
    name: z.string().trim().min(1).max(60).optional(),
    inboundAddresses: TrunkFields.inboundAddresses.optional(),
    outboundHost: TrunkFields.outboundHost.optional(),
    outboundPort: TrunkFields.outboundPort.optional(),
    outboundTransport: TrunkFields.outboundTransport.optional(),
    outboundUsername: TrunkFields.outboundUsername.optional(),
    outboundPassword: TrunkFields.outboundPassword.optional(),
    callerId: TrunkFields.callerId.optional(),
    disabled: TrunkFields.disabled.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateTrunkBody = z.infer<typeof UpdateTrunkBody>;
