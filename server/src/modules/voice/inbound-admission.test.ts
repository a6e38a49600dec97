import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../ivr';
import { createInboundAdmission, type InboundAdmissionDeps } from './inbound-admission';

const definition = { language: 'zh-CN', start: 'bye', nodes: { bye: { type: 'hangup' } } } as unknown as FlowDefinition;
const FLOW = '0190a000-0000-7000-8000-000000000001';
const TRUNK = '0190a000-0000-7000-8000-000000000002';
const source = { transport: 'UDP', host: '192.0.2.10', port: 5060 };

/** Telephony knows one trunk (192.0.2.10) and one number (4008000000 → FLOW); the IVR publishes as told. */
function admission(published: boolean) {
  const deps: InboundAdmissionDeps = {
    numbers: {
      async routeInbound(address, called) {
        if (address !== '192.0.2.10') return { refused: 'unknown_source' };
        if (called !== '4008000000') return { refused: 'unknown_number' };
        return { trunkId: TRUNK, flowId: FLOW };
      },
    },
    ivr: {
      getPublished: async (flowId) => (published && flowId === FLOW ? { flowId, version: 3, definition } : undefined),
    },
  };
  return createInboundAdmission(deps);
}

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
    expect(r).toEqual({ ok: true, trunkId: TRUNK, flowId: FLOW, flowVersion: 3, definition });
  });
});
