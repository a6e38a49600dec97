/** The chat page's languages: Chinese by default, English for browsers (or a `?lang=`) that ask for it. */
export type Lang = 'zh-CN' | 'en-US';

export function pickLang(search: string, navigatorLanguage: string | undefined): Lang {
  const asked = new URLSearchParams(search).get('lang') ?? navigatorLanguage ?? '';
  return /^en\b/i.test(asked) ? 'en-US' : 'zh-CN';
}

const zh = {
  loading: '正在加载…',
  loadFailed: '暂时无法连接客服，请稍后再试。',
  tryAgain: '重试',
  notAvailable: '该在线客服暂不可用。',
  prechatIntro: '请留下您的信息，方便客服更好地为您服务。',
  name: '姓名',
  phone: '手机号码',
  email: '邮箱',
  questionType: '问题类型',
  choose: '请选择',
  question: '您的问题',
  questionPlaceholder: '请简单描述您遇到的问题',
  start: '开始咨询',
  optional: '（选填）',
  errRequired: '请填写此项',
  errPhone: '请输入有效的电话号码',
  errEmail: '请输入有效的邮箱地址',
  closedIntro: '现在不在服务时间或排队人数已满。请留言，我们会尽快与您联系。',
  closedOff: '现在不在服务时间，请稍后再来。',
  leaveText: '留言内容',
  contactNeeded: '请至少留下电话或邮箱，方便我们联系您',
  leaveSubmit: '提交留言',
  leaveThanks: '留言已收到，我们会尽快与您联系。',
  leaveUnavailable: '暂时无法提交留言，请稍后再试。',
  queue: (n: number) => `您当前排在第 ${n} 位`,
  wait: (min: number) => `预计等待约 ${min} 分钟`,
  waitUnderMinute: '预计等待不到 1 分钟',
  sep: '，',
  connecting: '正在为您接通客服…',
  joined: (name: string | null) => (name ? `客服 ${name} 已接入` : '客服已接入'),
  ended: '会话已结束',
  reconnecting: '网络连接中断，正在重新连接…',
  typing: '客服正在输入…',
  conversation: '会话消息',
  inputLabel: '输入消息',
  inputPlaceholder: '输入消息，按 Enter 发送',
  send: '发送',
  attach: '发送图片',
  endChat: '结束会话',
  endConfirm: '确定结束本次会话吗？',
  endYes: '结束',
  cancel: '取消',
  minimize: '收起',
  sending: '发送中',
  sent: '已发送',
  delivered: '已送达',
  read: '已读',
  failed: '发送失败',
  retry: '重试',
  uploading: '正在上传…',
  tooLarge: (mb: number) => `文件不能超过 ${mb} MB`,
  fileType: '不支持发送此类文件',
  rateLimited: '发送太频繁，稍后将自动重发',
  chatClosed: '现在无法开始会话',
  errorGeneric: '出错了，请重试',
  csatQuestion: '请您对本次服务进行评价',
  stars: (n: number) => `${n} 星`,
  csatComment: '其他意见或建议（选填）',
  csatSubmit: '提交评价',
  csatThanks: '感谢您的评价！',
  transcriptLink: '将聊天记录发送到邮箱',
  transcriptSend: '发送',
  transcriptSent: (email: string) => `聊天记录将发送至 ${email}`,
  transcriptUnavailable: '暂时无法发送聊天记录',
  newChat: '开始新的会话',
  endedByAgent: '客服已结束会话',
  endedByCustomer: '您已结束会话',
  endedBySystem: '会话已结束',
  you: '我',
  agent: '客服',
  download: '下载',
  image: (name: string) => `图片：${name}`,
  newMessages: (n: number) => `${n} 条新消息`,
};

export type Texts = typeof zh;

const en: Texts = {
  loading: 'Loading…',
  loadFailed: "We can't reach customer service right now. Please try again later.",
  tryAgain: 'Try again',
  notAvailable: 'This chat is not available.',
  prechatIntro: 'Tell us a little about yourself so that we can help you better.',
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  questionType: 'Topic',
  choose: 'Choose…',
  question: 'Your question',
  questionPlaceholder: 'How can we help?',
  start: 'Start chat',
  optional: ' (optional)',
  errRequired: 'Please fill this in',
  errPhone: 'Enter a valid phone number',
  errEmail: 'Enter a valid email address',
  closedIntro:
    "We can't chat right now: we are closed or the queue is full. Leave a message and we'll get back to you.",
  closedOff: "We're not available right now. Please come back later.",
  leaveText: 'Message',
  contactNeeded: 'Leave a phone number or an email address so that we can reach you',
  leaveSubmit: 'Send message',
  leaveThanks: "Thank you. We've got your message and will get back to you soon.",
  leaveUnavailable: "Messages can't be left right now. Please try again later.",
  queue: (n: number) => `You are number ${n} in the queue`,
  wait: (min: number) => `about ${min} min wait`,
  waitUnderMinute: 'less than a minute',
  sep: ' · ',
  connecting: 'Connecting you to an agent…',
  joined: (name: string | null) => (name ? `${name} has joined the chat` : 'An agent has joined the chat'),
  ended: 'This chat has ended',
  reconnecting: 'Connection lost. Reconnecting…',
  typing: 'The agent is typing…',
  conversation: 'Conversation',
  inputLabel: 'Type a message',
  inputPlaceholder: 'Type a message, Enter to send',
  send: 'Send',
  attach: 'Send an image',
  endChat: 'End chat',
  endConfirm: 'End this chat?',
  endYes: 'End',
  cancel: 'Cancel',
  minimize: 'Minimize',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Retry',
  uploading: 'Uploading…',
  tooLarge: (mb: number) => `Files must be under ${mb} MB`,
  fileType: "This type of file can't be sent",
  rateLimited: 'Too many messages: resending shortly',
  chatClosed: "A chat can't be started right now",
  errorGeneric: 'Something went wrong. Please try again.',
  csatQuestion: 'How would you rate this chat?',
  stars: (n: number) => `${n} star${n === 1 ? '' : 's'}`,
  csatComment: 'Anything else you would like to tell us? (optional)',
  csatSubmit: 'Submit',
  csatThanks: 'Thank you for your feedback!',
  transcriptLink: 'Email me the transcript',
  transcriptSend: 'Send',
  transcriptSent: (email: string) => `The transcript is on its way to ${email}`,
  transcriptUnavailable: "The transcript can't be emailed right now",
  newChat: 'Start a new chat',
  endedByAgent: 'The agent ended the chat',
  endedByCustomer: 'You ended the chat',
  endedBySystem: 'The chat was closed',
  you: 'You',
  agent: 'Agent',
  download: 'Download',
  image: (name: string) => `Image: ${name}`,
  newMessages: (n: number) => `${n} new message${n === 1 ? '' : 's'}`,
};

export const TEXTS: Record<Lang, Texts> = { 'zh-CN': zh, 'en-US': en };

/** System lines are stored as codes; anything else a system line says is shown as it is. */
export function systemText(t: Texts, text: string): string {
  if (text === 'ended:agent') return t.endedByAgent;
  if (text === 'ended:customer') return t.endedByCustomer;
  if (text === 'ended:system') return t.endedBySystem;
  return text;
}

/** The waiting line: place and estimated wait, either of which the ACD may not know. */
export function standingText(
  t: Texts,
  standing: { position: number | null; estimatedWaitSeconds: number | null } | null,
): string {
  if (!standing || standing.position === null) return t.connecting;
  const parts = [t.queue(standing.position)];
  const s = standing.estimatedWaitSeconds;
  if (s !== null) parts.push(s < 60 ? t.waitUnderMinute : t.wait(Math.round(s / 60)));
  return parts.join(t.sep);
}

/** Times in the visitor's own locale (the browser's, which may differ from the page's language). */
export function formatTime(iso: string, locale: string | undefined): string {
  const d = new Date(iso);
  try {
    return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
}

export function formatDay(iso: string, locale: string | undefined): string {
  const d = new Date(iso);
  try {
    return d.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' });
  } catch {
    return d.toLocaleDateString();
  }
}
