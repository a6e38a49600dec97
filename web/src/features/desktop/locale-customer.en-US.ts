import type { DesktopCrmMessages } from './locale-customer.zh-CN';

export const desktopCrmEnUS: DesktopCrmMessages = {
  desktopCrm: {
    title: 'Customer',
    choose: '{{count}} customers have this number: choose one',
    none: 'No customer has this number',
    name: 'Customer name',
    phone: 'Phone',
    phoneHelp: 'The caller number is masked: confirm it with the customer',
    create: 'Quick create',
    created: 'Customer created',
    phones: 'Phones',
    products: 'Products',
    lastNote: 'Latest note',
    open: 'Open the customer',
    tier: { standard: 'Standard', silver: 'Silver', gold: 'Gold', vip: 'VIP' },
  },
};
