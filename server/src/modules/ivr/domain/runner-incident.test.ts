import { describe, expect, it } from 'vitest';
import { checkFlow } from './check-flow';
import { runFlow } from './runner';
import { deps, flow, scriptedCall } from './runner-fixture';

/** 重大故障播报: an incident_active node announces an outage of its service before the menu. */
const outageFlow = flow({
  language: 'zh-CN',
  start: 'outage',
  nodes: {
    outage: {
      type: 'incident_active',
      service: 'broadband',
      prompts: [{ prompt: 'outage-generic' }],
      active: 'menu',
      inactive: 'menu',
    },
    menu: { type: 'menu', prompts: [{ prompt: 'menu' }], options: { '1': 'bye' }, onFailure: 'bye' },
    bye: { type: 'hangup' },
  },
});

describe('incident_active', () => {
  it('plays the incident’s own recording, then goes on to the active branch', async () => {
    const asked: string[] = [];
    const s = scriptedCall({ barge: ['1'] });
    await runFlow(outageFlow, s.call, {
      ...deps,
      incidentActive: async (service) => {
        asked.push(service);
        return { active: true, prompt: 'outage-east' };
      },
    });
    expect(asked).toEqual(['broadband']);
    expect(s.log[0]).toBe('play outage-east [zh-CN]');
    expect(s.steps[0]).toEqual({ node: 'outage', type: 'incident_active', input: 'broadband', result: 'active' });
  });

  it('plays the node’s prompts when the incident has no recording', async () => {
    const s = scriptedCall({ barge: ['1'] });
    await runFlow(outageFlow, s.call, { ...deps, incidentActive: async () => ({ active: true, prompt: null }) });
    expect(s.log[0]).toBe('play outage-generic [zh-CN]');
  });

  it('says nothing and takes the inactive branch when there is no outage, no answer or a failing lookup', async () => {
    for (const incidentActive of [
      async () => ({ active: false, prompt: null }),
      async () => undefined,
      async () => {
        throw new Error('database down');
      },
      undefined,
    ]) {
      const s = scriptedCall({ barge: ['1'] });
      await runFlow(outageFlow, s.call, { ...deps, ...(incidentActive ? { incidentActive } : {}) });
      expect(s.log[0]).toBe('play menu (barge-in) [zh-CN]');
      expect(s.steps[0]).toMatchObject({ type: 'incident_active', result: 'inactive' });
    }
  });

  it('is checked like any branching node: both exits must name nodes', () => {
    const broken = flow({
      language: 'zh-CN',
      start: 'outage',
      nodes: {
        outage: { type: 'incident_active', service: 'broadband', active: 'nowhere', inactive: 'bye' },
        bye: { type: 'hangup' },
      },
    });
    expect(checkFlow(broken).map((i) => i.path)).toContain('nodes.outage.active');
  });
});
