/**
 * Customer-facing messages, in the customer's language. Each has an e-mail subject and body and an
 * SMS text; `{{name}}` is replaced by a variable, and a variable left unfilled is an error rather
 * than a `{{ticketNumber}}` in a customer's inbox.
 */
export const CUSTOMER_LANGUAGES = ['zh-CN', 'en-US'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

export type MessageTemplate = { subject: string; body: string; sms: string };

export const CUSTOMER_TEMPLATES = {
  'ticket.created': {
    'zh-CN': {
      subject: '【{{center}}】您的工单 {{ticketNumber}} 已受理',
      body: '您好，{{customerName}}：\n\n我们已收到您的问题，工单号为 {{ticketNumber}}（{{title}}）。我们会尽快处理，并在有进展时通知您。\n\n{{center}}',
      sms: '【{{center}}】您的工单 {{ticketNumber}} 已受理，我们会尽快处理。',
    },
    'en-US': {
      subject: '[{{center}}] Your ticket {{ticketNumber}} has been received',
      body: 'Hello {{customerName}},\n\nWe have received your request, ticket {{ticketNumber}} ({{title}}). We will work on it and let you know as it progresses.\n\n{{center}}',
      sms: '[{{center}}] Your ticket {{ticketNumber}} has been received; we will be in touch soon.',
    },
  },
  'ticket.resolved': {
    'zh-CN': {
      subject: '【{{center}}】您的工单 {{ticketNumber}} 已解决',
      body: '您好，{{customerName}}：\n\n您的工单 {{ticketNumber}}（{{title}}）已处理完毕。如问题仍未解决，请直接回复本邮件或致电我们。\n\n{{center}}',
      sms: '【{{center}}】您的工单 {{ticketNumber}} 已解决。如有疑问请回复或致电我们。',
    },
    'en-US': {
      subject: '[{{center}}] Your ticket {{ticketNumber}} is resolved',
      body: 'Hello {{customerName}},\n\nYour ticket {{ticketNumber}} ({{title}}) has been resolved. If the problem remains, reply to this e-mail or call us.\n\n{{center}}',
      sms: '[{{center}}] Your ticket {{ticketNumber}} is resolved. Reply or call us if anything remains.',
    },
  },
  'ticket.closed': {
    'zh-CN': {
      subject: '【{{center}}】您的工单 {{ticketNumber}} 已关闭',
      body: '您好，{{customerName}}：\n\n您的工单 {{ticketNumber}}（{{title}}）已关闭。感谢您的耐心，如有新的问题欢迎随时联系我们。\n\n{{center}}',
      sms: '【{{center}}】您的工单 {{ticketNumber}} 已关闭，感谢您的耐心。如有新问题请随时联系我们。',
    },
    'en-US': {
      subject: '[{{center}}] Your ticket {{ticketNumber}} is closed',
      body: 'Hello {{customerName}},\n\nYour ticket {{ticketNumber}} ({{title}}) is now closed. Thank you for your patience; contact us any time about something new.\n\n{{center}}',
      sms: '[{{center}}] Your ticket {{ticketNumber}} is closed. Thank you; contact us any time about something new.',
    },
  },
  'ticket.follow_up': {
    'zh-CN': {
      subject: '【{{center}}】关于工单 {{ticketNumber}} 的回访',
      body: '您好，{{customerName}}：\n\n我们将于 {{when}} 就工单 {{ticketNumber}}（{{title}}）与您联系回访，请留意来电。\n\n{{center}}',
      sms: '【{{center}}】我们将于 {{when}} 就工单 {{ticketNumber}} 与您回访，请留意来电。',
    },
    'en-US': {
      subject: '[{{center}}] Follow-up on ticket {{ticketNumber}}',
      body: 'Hello {{customerName}},\n\nWe will contact you on {{when}} to follow up on ticket {{ticketNumber}} ({{title}}).\n\n{{center}}',
      sms: '[{{center}}] We will call you on {{when}} to follow up on ticket {{ticketNumber}}.',
    },
  },
  'survey.invitation': {
    'zh-CN': {
      subject: '【{{center}}】请对本次服务进行评价',
      body: '您好：\n\n感谢您联系我们。请花一分钟对本次服务进行评价：\n{{link}}\n\n链接 {{hours}} 小时内有效，仅可提交一次。\n\n{{center}}',
      sms: '【{{center}}】感谢您的来电，请对本次服务评价：{{link}}（{{hours}}小时内有效）',
    },
    'en-US': {
      subject: '[{{center}}] How did we do?',
      body: 'Hello,\n\nThank you for contacting us. Please take a minute to rate our service:\n{{link}}\n\nThe link works once, for {{hours}} hours.\n\n{{center}}',
      sms: '[{{center}}] Thank you for contacting us. Please rate our service: {{link}} (valid {{hours}} h)',
    },
  },
  'outage.notice': {
    'zh-CN': {
      subject: '【{{center}}】服务中断通知',
      body: '尊敬的客户：\n\n{{area}}的服务预计中断至 {{until}}。原因：{{reason}}。给您带来不便，敬请谅解。\n\n{{center}}',
      sms: '【{{center}}】{{area}}服务中断，预计 {{until}} 恢复。原因：{{reason}}。敬请谅解。',
    },
    'en-US': {
      subject: '[{{center}}] Service interruption',
      body: 'Dear customer,\n\nService in {{area}} is interrupted until about {{until}}. Reason: {{reason}}. We apologise for the inconvenience.\n\n{{center}}',
      sms: '[{{center}}] Service in {{area}} is interrupted until about {{until}} ({{reason}}). We apologise.',
    },
  },
} as const satisfies Record<string, Record<CustomerLanguage, MessageTemplate>>;

export type CustomerTemplateKey = keyof typeof CUSTOMER_TEMPLATES;

export class MissingVariable extends Error {
  constructor(
    readonly template: string,
    readonly variable: string,
  ) {
    super(`template ${template} needs the variable ${variable}`);
    this.name = 'MissingVariable';
  }
}

/** A customer's preferred language as stored (`zh`, `en-GB`, null …) → a language we have: zh-CN by default. */
export function customerLanguage(preferred: string | null | undefined): CustomerLanguage {
  return preferred?.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN';
}

function fill(template: string, text: string, vars: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new MissingVariable(template, name);
    return String(v);
  });
}

/** The message `key` in the customer's language with its variables filled. */
export function renderCustomerMessage(
  key: CustomerTemplateKey,
  language: string | null | undefined,
  vars: Readonly<Record<string, string | number>>,
): MessageTemplate & { language: CustomerLanguage } {
  const lang = customerLanguage(language);
  const t: MessageTemplate = CUSTOMER_TEMPLATES[key][lang];
  return {
    language: lang,
    subject: fill(key, t.subject, vars),
    body: fill(key, t.body, vars),
    sms: fill(key, t.sms, vars),
  };
}

/** The variables a message needs (the union over its languages and parts). */
export function templateVariables(key: CustomerTemplateKey): string[] {
  const names = new Set<string>();
  for (const t of Object.values(CUSTOMER_TEMPLATES[key]) as MessageTemplate[]) {
    for (const part of [t.subject, t.body, t.sms])
      for (const m of part.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) names.add(m[1]!);
  }
  return [...names].sort();
}
