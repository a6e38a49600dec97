import type { DesktopCrmMessages } from './locale-customer.zh-CN';

export const desktopCrmEnUS: DesktopCrmMessages = {
  desktopCrm: {
    title: 'Customer',
    choose: '{{count}} customers have this number: choose one',
    none: 'No customer has this number',
    noneMatch: 'No matching customer in the customer records',
    name: 'Customer name',
    phone: 'Phone',
    phoneHelp: 'The caller number is masked: confirm it with the customer',
    create: 'Quick create',
    created: 'Customer created',
    phones: 'Phones',
    products: 'Products',
    lastNote: 'Latest note',
    open: 'Open the customer',
    verify: {
      yes: 'Identity verified',
      no: 'Identity not verified',
      pass: 'Passed',
      fail: 'Failed',
      passed: 'Recorded: the check passed',
      failed: 'Recorded: the check failed',
      method: { service_password: 'Service password', id_last_digits: 'ID last digits', sms_code: 'SMS code' },
    },
    tier: { standard: 'Standard', silver: 'Silver', gold: 'Gold', vip: 'VIP' },
  },
};
