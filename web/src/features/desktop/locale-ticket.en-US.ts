import type { DesktopTicketMessages } from './locale-ticket.zh-CN';

export const desktopTicketEnUS: DesktopTicketMessages = {
  desktopTicket: {
    create: 'Also create a work order',
    forCustomer: 'The order is linked to customer {{name}} and this contact',
    noCustomer: 'The order is linked to this contact (no customer identified)',
    type: 'Order type',
    category: 'Category',
    categoryPlaceholder: 'Pick a category (optional)',
    severity: 'Severity',
    severityRequired: 'A complaint needs a severity',
    subject: 'Subject',
    subjectRequired: 'Enter a subject',
    created: 'Work order {{number}} created',
  },
};
