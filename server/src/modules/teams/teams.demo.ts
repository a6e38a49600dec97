import type { Role } from '../../../../contracts/permissions';
import type { DemoContext } from '../../platform/module';
import { ensureDemoUser, type UsersService } from '../auth';
import type { TeamsService } from './teams.service';

export const DEMO_PASSWORD = 'demo1234';

const TEAM_NAMES = ['话务一组', '话务二组', '投诉专席组'] as const;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗'];
const GIVEN = [
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

/**
 * The demo hotline's people (a Chinese telecom hotline): three teams with a lead each, agent01–20
 * spread over them, a supervisor, and one user for each back-office role. Teams own the demo's
 * organization because a team needs its members and its lead. Later modules find the users by
 * username in `demo.users`.
 */
export async function seedDemoOrganization(
  deps: { teams: TeamsService; users: UsersService },
  demo: DemoContext,
): Promise<number> {
  const { teams, users } = deps;
  const { actor } = demo;
  let created = 0;
  const teamIds: string[] = [];
  for (const name of TEAM_NAMES) {
    const existing = await teams.findByName(name);
    if (existing) teamIds.push(existing.id);
    else {
      teamIds.push((await teams.create({ name }, actor)).id);
      created++;
    }
  }
  const addUser = async (
    username: string,
    displayName: string,
    roles: Role[],
    teamId: string | null,
    phone: string,
  ) => {
    const user = await ensureDemoUser(
      users,
      { username, password: DEMO_PASSWORD, displayName, roles, teamId, phone },
      actor,
    );
    if (user.created) created++;
    demo.users.set(username, user.id);
    return user.id;
  };
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    await addUser(
      `agent${n}`,
      `${SURNAMES[i - 1]}${GIVEN[i - 1]}`,
      ['agent'],
      teamIds[(i - 1) % 3]!,
      `1380013${String(8000 + i).padStart(4, '0')}`,
    );
  }
  for (let t = 0; t < 3; t++) {
    const id = await addUser(
      `lead0${t + 1}`,
      `${TEAM_NAMES[t]}班长`,
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
  return created;
}
