import type { WfmAdherenceMessages } from './locale-adherence.zh-CN';

export const wfmAdherenceEnUS: WfmAdherenceMessages = {
  wfmAdherence: {
    title: 'Adherence',
    description:
      "Agents' states now against their published schedule, and adherence and conformance per agent and team.",
    tabs: { live: 'Live', report: 'Report' },
    team: 'Team',
    allTeams: 'All teams',
    noTeam: 'No team',
    activity: { work: 'Work', break: 'Break', lunch: 'Lunch', off: 'Off' },
    live: {
      scheduledNow: 'Scheduled now',
      inAdherence: 'In adherence',
      flagged: 'Flagged',
      grace: 'Grace (minutes)',
      graceHint: 'Out of adherence for longer than this is flagged red',
      updatedAt: 'Updated {{time}}, refreshed every 15 s',
      empty: 'No agent is scheduled today or signed in',
      col: {
        agent: 'Agent',
        activity: 'Scheduled activity',
        state: 'ACD state',
        since: 'Since',
        adherence: 'Adherence',
      },
      in: 'In adherence',
      out: 'Out of adherence',
      forMinutes: 'for {{count}} min',
    },
    report: {
      range: 'Dates',
      maxDays: 'At most 31 days',
      thisWeek: 'This week so far',
      lastWeek: 'Last week',
      byAgent: 'Per agent',
      byTeam: 'Per team',
      total: 'Total',
      col: {
        agent: 'Agent',
        team: 'Team',
        scheduled: 'Scheduled (h)',
        work: 'Work (h)',
        adherent: 'Adherent (h)',
        available: 'Available (h)',
        adherence: 'Adherence',
        conformance: 'Conformance',
      },
      explanation:
        'Adherence = time doing what the schedule says ÷ scheduled time (breaks and lunch included): during work an agent should be ready, ringing, busy or in wrap-up; during a break or lunch not ready or logged out. Conformance = time available ÷ scheduled work time (breaks excluded), whenever it was worked. — means nothing was scheduled.',
    },
  },
};
