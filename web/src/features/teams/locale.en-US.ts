import type { TeamsMessages } from './locale.zh-CN';

export const teamsEnUS: TeamsMessages = {
  teams: {
    title: 'Teams',
    create: 'New team',
    edit: 'Edit team',
    empty: 'No teams',
    created: 'Team {{name}} created',
    updated: 'Team {{name}} updated',
    col: { name: 'Team', lead: 'Team lead', memberCount: 'Members', createdAt: 'Created' },
    form: {
      name: 'Team name',
      nameRequired: 'Enter a team name',
      lead: 'Team lead',
      leadPlaceholder: 'Type a name or ID to search',
    },
    noLead: 'Not set',
  },
};
