import type { DemoContext } from '../../platform/module';
import type { RoutingService } from './routing.service';

/**
 * The demo hotline's ACD: four queues (the IVR menu of the voice issue maps 1/2/3/0 to them),
 * their skills, and the agents spread so that each queue has at least five members.
 * agent01–08 话费 (billing), agent09–14 故障 (fault), agent15–20 投诉 (complaints); everyone also
 * serves 人工服务 (general) at a lower priority; the team leads back up complaints.
 */
export async function seedDemoRouting(routing: RoutingService, demo: DemoContext): Promise<number> {
  const { actor } = demo;
  const demoUser = (username: string) => {
    const id = demo.users.get(username);
    if (!id) throw new Error(`demo user ${username} was not seeded before routing`);
    return id;
  };
  const agentIds = Array.from({ length: 20 }, (_, i) => demoUser(`agent${String(i + 1).padStart(2, '0')}`));
  const leadIds = [1, 2, 3].map((t) => demoUser(`lead0${t}`));
  let created = 0;
  const skills = (await routing.listSkills()).map((s) => s.key);
  for (const [key, name] of [
    ['billing', '话费账务'],
    ['fault', '故障处理'],
    ['complaint', '投诉处理'],
    ['general', '综合咨询'],
  ] as const) {
    if (skills.includes(key)) continue;
    await routing.createSkill({ key, name }, actor);
    created++;
  }
  const queues = routing.listQueues().map((q) => q.key);
  const demoQueues = [
    {
      key: 'billing',
      name: '话费查询',
      skills: [{ skill: 'billing', minLevel: 3 }],
      // The CRM's VIPs (crm.demo.ts: every fifth demo customer) go ahead of the other callers.
      vipPriorityBoost: 10,
      relaxation: [
        { afterSeconds: 30, maxLevel: 1 },
        { afterSeconds: 90, overflowQueues: ['general'] },
      ],
    },
    { key: 'fault', name: '故障报修', strategy: 'most_skilled' as const, skills: [{ skill: 'fault', minLevel: 2 }] },
    {
      key: 'complaints',
      name: '投诉建议',
      skills: [{ skill: 'complaint', minLevel: 3 }],
      wrapUpSeconds: 60,
      relaxation: [{ afterSeconds: 60, maxLevel: 2 }],
    },
    { key: 'general', name: '人工服务', skills: [], vipPriorityBoost: 10 },
  ];
  // general first: billing's relaxation names it as an overflow group.
  for (const q of [demoQueues[3]!, ...demoQueues.slice(0, 3)]) {
    if (queues.includes(q.key)) continue;
    await routing.createQueue(q, actor);
    created++;
  }
  const put = async (id: string, body: Parameters<typeof routing.putAgentRouting>[1]) => {
    if (routing.hasRouting(id)) return; // keep what an admin changed
    await routing.putAgentRouting(id, body, actor);
  };
  const general = { queue: 'general', priority: 3, delaySeconds: 0 };
  for (const [i, id] of agentIds.entries()) {
    const n = i + 1;
    const level = 3 + (n % 3); // 3, 4 or 5
    if (n <= 8) {
      await put(id, {
        skills: [
          { skill: 'billing', level },
          { skill: 'general', level: 3 },
          ...(n <= 3 ? [{ skill: 'fault', level: 2 }] : []),
        ],
        memberships: [
          { queue: 'billing', priority: 1, delaySeconds: 0 },
          ...(n <= 3 ? [{ queue: 'fault', priority: 2, delaySeconds: 30 }] : []),
          general,
        ],
        capacity: { chat: 3 },
      });
    } else if (n <= 14) {
      await put(id, {
        skills: [
          { skill: 'fault', level },
          { skill: 'general', level: 3 },
        ],
        memberships: [{ queue: 'fault', priority: 1, delaySeconds: 0 }, general],
      });
    } else {
      await put(id, {
        skills: [
          { skill: 'complaint', level: Math.max(3, level) },
          { skill: 'billing', level: 2 },
          { skill: 'general', level: 3 },
        ],
        memberships: [
          { queue: 'complaints', priority: 1, delaySeconds: 0 },
          { queue: 'billing', priority: 2, delaySeconds: 20 },
          general,
        ],
      });
    }
  }
  for (const id of leadIds) {
    await put(id, {
      skills: [
        { skill: 'complaint', level: 5 },
        { skill: 'billing', level: 4 },
        { skill: 'fault', level: 4 },
        { skill: 'general', level: 5 },
      ],
      memberships: [{ queue: 'complaints', priority: 2, delaySeconds: 30 }],
    });
  }
  return created;
}
