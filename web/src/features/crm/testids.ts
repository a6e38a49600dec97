/** `data-testid`s of the customer screens; the browser tests (e2e/) import them. */
export const CRM_IDS = {
  page: 'customers-page',
  search: 'customers-search',
  create: 'customers-create',
  formName: 'customer-form-name',
  formPhones: 'customer-form-phones',
  formSubmit: 'customer-form-submit',
  profile: 'customer-360',
  hiddenHint: 'customer-hidden-hint',
  timeline: 'customer-timeline',
  preferredAgent: 'customer-preferred-agent',
} as const;
