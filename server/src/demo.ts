import type { Role } from '../../contracts/permissions';
import type { Kefu } from './app';
import { type Actor, systemActor } from './platform/audit';

export const DEMO_PASSWORD = 'demo1234';

/**
 * The one seeding entry point for demo data: a Chinese telecom hotline. Each module adds its part
 * here (queues and skills come with routing, customers with CRM). Idempotent: re-running keeps
 * what exists.
 */
export async function seedDemo(kefu: Kefu, actor: Actor = systemActor): Promise<{ created: number }> {
  const { users, teams } = kefu.services;
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
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    const team = teamIds[(i - 1) % 3]!;
    await addUser(
      `agent${n}`,
      `${surnames[i - 1]}${given[i - 1]}`,
      ['agent'],
      team,
      `1380013${String(8000 + i).padStart(4, '0')}`,
    );
  }
  for (let t = 0; t < 3; t++) {
    const id = await addUser(
      `lead0${t + 1}`,
      `${teamNames[t]}班长`,
      ['team_lead', 'agent'],
      teamIds[t]!,
      `1390013900${t + 1}`,
    );
    const team = await teams.get(teamIds[t]!);
    if (!team.leadUserId) await teams.update(team.id, { leadUserId: id }, actor);
  }
  await addUser('super01', '赵主管', ['supervisor'], null, '13700137001');
  await addUser('qa01', '钱质检', ['qa'], null, '13700137002');
  await addUser('trainer01', '孙培训', ['trainer'], null, '13700137003');
  await addUser('wfm01', '周排班', ['wfm'], null, '13700137004');
  await addUser('analyst01', '吴分析', ['analyst'], null, '13700137005');
  return { created };
}
