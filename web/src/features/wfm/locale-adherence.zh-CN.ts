/** 遵从度 (/adherence): team leads' and supervisors' view of agents against their published schedule. */
export const wfmAdherenceZhCN = {
  wfmAdherence: {
    title: '遵从度',
    description: '员工当前状态与已发布排班的对照，以及按员工和班组统计的遵从度与符合度。',
    tabs: { live: '实时', report: '报表' },
    team: '班组',
    allTeams: '全部班组',
    noTeam: '未分班组',
    activity: { work: '工作', break: '休息', lunch: '午餐', off: '未排班' },
    live: {
      scheduledNow: '当前排班人数',
      inAdherence: '遵从人数',
      flagged: '超时不遵从',
      grace: '宽限（分钟）',
      graceHint: '不遵从超过此时长才标红',
      updatedAt: '更新于 {{time}}，每 15 秒刷新',
      empty: '今天没有排班或已签入的员工',
      col: {
        agent: '员工',
        activity: '排班活动',
        state: 'ACD 状态',
        since: '开始于',
        adherence: '遵从',
      },
      in: '遵从',
      out: '不遵从',
      forMinutes: '已 {{count}} 分钟',
    },
    report: {
      range: '日期范围',
      maxDays: '最多 31 天',
      thisWeek: '本周至今',
      lastWeek: '上周',
      byAgent: '按员工',
      byTeam: '按班组',
      total: '合计',
      col: {
        agent: '员工',
        team: '班组',
        scheduled: '排班时长（小时）',
        work: '工作时长（小时）',
        adherent: '遵从时长（小时）',
        available: '可接待时长（小时）',
        adherence: '遵从度',
        conformance: '符合度',
      },
      explanation:
        '遵从度 = 按排班行事的时间 ÷ 排班时间（含休息、午餐）：排班工作时应示闲、振铃、服务中或话后处理，休息和午餐时应示忙或签出。符合度 = 实际可接待的时间 ÷ 排班工作时间（不含休息），不论在哪个时段工作。无排班时显示 —。',
    },
  },
};

export type WfmAdherenceMessages = typeof wfmAdherenceZhCN;
