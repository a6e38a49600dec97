import type { NotificationsMessages } from './locale.zh-CN';

export const notificationsEnUS: NotificationsMessages = {
  inbox: {
    title: 'Notifications',
    bell: 'Notifications ({{count}} unread)',
    empty: 'No notifications',
    readAll: 'Mark all read',
    loadFailed: 'Could not load notifications',
    system: 'System',
    unknownAgent: 'unknown agent',
    kind: {
      'ticket.created': '{{who}} created work order {{number}}',
      'ticket.updated': '{{who}} changed work order {{number}}: {{fields}}',
      'ticket.transitioned': '{{who}} moved work order {{number}} to "{{to}}"',
      'ticket.commented': '{{who}} commented on work order {{number}}',
      'ticket.sla_warning': 'Work order {{number}} is about to breach ({{target}})',
      'ticket.sla_breached': 'Work order {{number}} breached its SLA ({{target}})',
      'ticket.escalated': 'Work order {{number}} was escalated ({{target}})',
      'survey.low_score': '{{agent}} received a low survey score ({{scores}})',
      'quality.evaluated': '{{who}} submitted a quality evaluation of you: {{score}}',
      'quality.appealed': '{{who}} appealed your quality evaluation',
      'quality.decided': '{{who}} decided the quality appeal: {{outcome}}, {{score}}',
      'wfm.request.asked': '{{who}} asks you to swap shifts ({{date}})',
      'wfm.request.to_approve': "{{agent}}'s {{request}} request awaits your approval ({{date}})",
      'wfm.request.decided': "{{who}} {{decision}} {{agent}}'s {{request}} request ({{date}})",
    },
    request: { leave: 'leave', swap: 'swap' },
    decision: { approved: 'approved', rejected: 'rejected', declined: 'declined', cancelled: 'withdrew' },
    outcome: { upheld: 'upheld', revised: 'changed' },
    target: { response: 'response', resolve: 'resolution' },
  },
};
