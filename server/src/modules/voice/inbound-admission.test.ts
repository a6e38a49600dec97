import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../ivr';
import { createInboundAdmission, type InboundAdmissionDeps } from './inbound-admission';

const definition = { language: 'zh-CN', start: 'bye', nodes: { bye: { type: 'hangup' } } } as unknown as FlowDefinition;
const FLOW = '0190a000-0000-7000-8000-000000000001';
const TRUNK = '0190a000-0000-7000-8000-000000000002';
const source = { transport: 'UDP', host: '192.0.2.10', port: 5060 };

/** Telephony knows one trunk (192.0.2.10) and one number (4008000000 → FLOW); the IVR publishes as told. */
function admission(published: boolean, overload?: InboundAdmissionDeps['overload']) {
  const flowLookups: string[] = [];
  const deps: InboundAdmissionDeps = {
    numbers: {
      async routeInbound(address, called) {
        if (address !== '192.0.2.10') return { refused: 'unknown_source' };
        if (called !== '4008000000') return { refused: 'unknown_number' };
        return {
          trunkId: TRUNK,
          flowId: FLOW,
          number: '4008000000',
          overloadAction: 'busy_prompt',
          spike: { enabled: false, promptKey: null, afterMessage: 'continue' },
        };
      },
    },
    ivr: {
      getPublished: async (flowId) => {
        flowLookups.push(flowId);
        return published && flowId === FLOW ? { flowId, version: 3, definition } : undefined;
      },
    },
    ...(overload ? { overload } : {}),
  };
  return Object.assign(createInboundAdmission(deps), { flowLookups });
}

const policy = {
  number: '4008000000',
  overloadAction: 'busy_prompt',
  spike: { enabled: false, promptKey: null, afterMessage: 'continue' },
};

describe('inbound call admission', () => {
  it('refuses a call from an address no trunk accepts with 403', async () => {
    const r = await admission(true).route({
      source: { ...source, host: '198.51.100.1' },
      called: '4008000000',
      caller: '1',
    });
    expect(r).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a number mapped to no flow with 404', async () => {
    const r = await admission(true).route({ source, called: '4008000001', caller: '1' });
    expect(r).toMatchObject({ ok: false, status: 404, reason: 'no flow for the number 4008000001' });
  });

  it('answers 480 while the number’s flow has no published version', async () => {
    const r = await admission(false).route({ source, called: '4008000000', caller: '1' });
    expect(r).toMatchObject({ ok: false, status: 480 });
  });

  it('admits a call with its trunk and the published flow version', async () => {
    const r = await admission(true).route({ source, called: '4008000000', caller: '13800138000' });
    expect(r).toEqual({ ok: true, trunkId: TRUNK, flowId: FLOW, flowVersion: 3, definition, policy });
  });
});

describe('admission control in the admission of a live call', () => {
  const asked: Array<{ number: string; action: string; callsOpen: number }> = [];
  const refuseAll: InboundAdmissionDeps['overload'] = {
    decide(number, action, callsOpen) {
      asked.push({ number, action, callsOpen });
      return { reasons: ['max_cps'], action, retryAfterSeconds: 7 };
    },
  };

  it('a refused call is shed with its number’s overload action before anything else is done for it', async () => {
    asked.length = 0;
    const a = admission(true, refuseAll);
    const r = await a.admit({ source, called: '4008000000', caller: '1', callsOpen: 12 });
    expect(r).toEqual({
      ok: false,
      status: 503,
      reason: 'admission control: max_cps',
      shed: { reasons: ['max_cps'], action: 'busy_prompt', retryAfterSeconds: 7 },
      trunkId: TRUNK,
      flowId: FLOW,
      policy,
      language: 'zh-CN',
    });
    expect(asked).toEqual([{ number: '4008000000', action: 'busy_prompt', callsOpen: 12 }]);
    // The busy prompt speaks the flow's language: the one lookup (held in memory by the IVR).
    expect(a.flowLookups).toEqual([FLOW]);
  });

  it('a call no trunk or number accepts is refused as before and never counted as shed', async () => {
    asked.length = 0;
    const a = admission(true, refuseAll);
    expect(
      await a.admit({ source: { ...source, host: '198.51.100.1' }, called: '4008000000', caller: '1' }),
    ).toMatchObject({ status: 403 });
    expect(await a.admit({ source, called: '4008000001', caller: '1' })).toMatchObject({ status: 404 });
    expect(asked).toEqual([]);
  });

  it('the demo history’s replay (route) is never shed', async () => {
    asked.length = 0;
    const r = await admission(true, refuseAll).route({ source, called: '4008000000', caller: '1' });
    expect(r.ok).toBe(true);
    expect(asked).toEqual([]);
  });
});
