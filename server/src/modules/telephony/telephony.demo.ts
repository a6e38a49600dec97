import type { DemoContext } from '../../platform/module';
import type { NumbersService } from './numbers.service';
import type { TelephonyService } from './telephony.service';

/** Demo desk phones use the sign-in password of their users (teams' DEMO_PASSWORD). */
const DEMO_PHONE_PASSWORD = 'demo1234';

/**
 * The demo hotline's number: DID 4008000000 runs the published demo flow (`hotline`). Calls are
 * accepted from a loopback trunk (127.0.0.1 and ::1), so sipp or a softphone on the same machine
 * can call in; a real installation adds its carrier's trunk in 语音设置.
 */
export const DEMO_DID = '4008000000';

/**
 * Desk phones for agent01–20, lead01–03 and super01 (SIP username = sign-in, password demo1234; the
 * leads and the supervisor use theirs for 监听/耳语/强插), the loopback trunk and the demo DID.
 */
export async function telephonyDemoSeed(
  deps: { telephony: TelephonyService; numbers: NumbersService },
  demo: DemoContext,
): Promise<number> {
  const { telephony, numbers } = deps;
  const { actor } = demo;
  let created = 0;
  const deskPhones = [
    ...Array.from({ length: 20 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`),
    'lead01',
    'lead02',
    'lead03',
    'super01',
  ];
  for (const username of deskPhones) {
    const agentUserId = demo.users.get(username);
    if (!agentUserId || (await telephony.findByUsername(username))) continue;
    await telephony.create({ username, password: DEMO_PHONE_PASSWORD, agentUserId }, actor);
    created++;
  }
  if (!(await numbers.listTrunks()).some((t) => t.name === 'demo-loopback')) {
    await numbers.createTrunk(
      {
        name: 'demo-loopback',
        inboundAddresses: ['127.0.0.0/8', '::1'],
        outboundHost: null,
        outboundPort: null,
        outboundTransport: 'udp',
        outboundUsername: null,
        outboundPassword: null,
        callerId: null,
      },
      actor,
    );
    created++;
  }
  const flowId = demo.refs.get('ivr.flow.hotline');
  if (flowId && !(await numbers.listNumbers()).some((n) => n.number === DEMO_DID)) {
    await numbers.createNumber({ number: DEMO_DID, flowId, name: '客服热线' }, actor);
    created++;
  }
  return created;
}
