import type { Role } from '../../contracts/permissions';
import type { Kefu } from './app';
import { seedDemoIvr } from './modules/ivr';
import { type Actor, systemActor } from './platform/audit';

export const DEMO_PASSWORD = 'demo1234';

/**
 * The one seeding entry point for demo data: a Chinese telecom hotline. Each module adds its part
 * here (queues and skills come with routing, customers with CRM). Idempotent: re-running keeps
 * what exists.
 */
export async function seedDemo(kefu: Kefu, actor: Actor = systemActor): Promise<{ created: number }> {
  const { users, teams, routing, telephony } = kefu.services;
  // The ACD's configuration lives in memory once loaded: load it before adding queues.
  await kefu.app.ready();
  let created = 0;

  const teamNames = ['话务一组', '话务二组', '投诉专席组'] as const;
  const teamIds: string[] = [];
  for (const name of teamNames) {
    const existing = await teams.findByName(name);
    teamIds.push(existing ? existing.id : (await teams.create({ name }, actor)).id);
  }

  const addUser = async (
    username: string,
    displayName: string,
    roles: Role[],
    teamId: string | null,
    phone: string,
  ) => {
    const found = await users.list({ q: username, page: 1, pageSize: 50 });
    const hit = found.rows.find((u) => u.username === username);
    if (hit) return hit.id;
    created++;
    const row = await users.create({ username, password: DEMO_PASSWORD, displayName, roles, teamId, phone }, actor);
    return row.id;
  };

  const surnames = [
    '王',
    '李',
    '张',
    '刘',
    '陈',
    '杨',
    '黄',
    '赵',
    '吴',
    '周',
    '徐',
    '孙',
    '马',
    '朱',
    '胡',
    '郭',
    '何',
    '林',
    '高',
    '罗',
  ];
  const given = [
    '芳',
    '伟',
    '娜',
    '敏',
    '静',
    '磊',
    '洋',
    '艳',
    '勇',
    '军',
    '杰',
    '娟',
    '涛',
    '明',
    '超',
    '秀英',
    '霞',
    '平',
    '刚',
    '丽',
  ];
  const agentIds: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    const team = teamIds[(i - 1) % 3]!;
    const id = await addUser(
      `agent${n}`,
      `${surnames[i - 1]}${given[i - 1]}`,
      ['agent'],
      team,
      `1380013${String(8000 + i).padStart(4, '0')}`,
    );
    agentIds.push(id);
  }
  const leadIds: string[] = [];
  for (let t = 0; t < 3; t++) {
    const id = await addUser(
      `lead0${t + 1}`,
      `${teamNames[t]}班长`,
      ['team_lead', 'agent'],
      teamIds[t]!,
      `1390013900${t + 1}`,
    );
    leadIds.push(id);
    const team = await teams.get(teamIds[t]!);
    if (!team.leadUserId) await teams.update(team.id, { leadUserId: id }, actor);
  }
  await seedRouting(routing, agentIds, leadIds, actor);
  const superId = await addUser('super01', '赵主管', ['supervisor'], null, '13700137001');
  // Desk phones: SIP accounts like the sign-in (agentNN, leadNN, super01 / demo1234); the team
  // leads and the supervisor use theirs for 监听/耳语/强插.
  const deskPhones: Array<[string, string]> = [
    ...agentIds.map((id, i): [string, string] => [`agent${String(i + 1).padStart(2, '0')}`, id]),
    ...leadIds.map((id, i): [string, string] => [`lead0${i + 1}`, id]),
    ['super01', superId],
  ];
  for (const [username, agentUserId] of deskPhones) {
    if (await telephony.findByUsername(username)) continue;
    await telephony.create({ username, password: DEMO_PASSWORD, agentUserId }, actor);
  }
  await seedHotline(kefu, actor);
  await addUser('qa01', '钱质检', ['qa'], null, '13700137002');
  await addUser('trainer01', '孙培训', ['trainer'], null, '13700137003');
  await addUser('wfm01', '周排班', ['wfm'], null, '13700137004');
  await addUser('analyst01', '吴分析', ['analyst'], null, '13700137005');
  return { created };
}

/**
 * The demo hotline's ACD: four queues (the IVR menu of the voice issue maps 1/2/3/0 to them),
 * their skills, and the agents spread so that each queue has at least five members.
 * agent01–08 话费 (billing), agent09–14 故障 (fault), agent15–20 投诉 (complaints); everyone also
 * serves 人工服务 (general) at a lower priority; the team leads back up complaints.
 */
async function seedRouting(
  routing: Kefu['services']['routing'],
  agentIds: string[],
  leadIds: string[],
  actor: Actor,
): Promise<number> {
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
    { key: 'general', name: '人工服务', skills: [] },
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

/**
 * The demo hotline's number: DID 4008000000 runs the published demo flow (`hotline`). Calls are
 * accepted from a loopback trunk (127.0.0.1 and ::1), so sipp or a softphone on the same machine
 * can call in; a real installation adds its carrier's trunk in 语音设置.
 */
export const DEMO_DID = '4008000000';
async function seedHotline(kefu: Kefu, actor: Actor): Promise<void> {
  const { ivr, numbers } = kefu.services;
  const { flowId } = await seedDemoIvr(ivr, actor);
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
  }
  if (!(await numbers.listNumbers()).some((n) => n.number === DEMO_DID)) {
    await numbers.createNumber({ number: DEMO_DID, flowId, name: '客服热线' }, actor);
  }
}
