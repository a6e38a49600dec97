import { CONTACT_LABELS } from '../../../../contracts/contact-labels';
import { announcementsZhCN } from '../../features/announcements/locale.zh-CN';
import { auditZhCN } from '../../features/audit/locale.zh-CN';
import { authZhCN } from '../../features/auth/locale.zh-CN';
import { calendarsZhCN } from '../../features/calendars/locale.zh-CN';
import { callsZhCN } from '../../features/calls/locale.zh-CN';
import { channelsZhCN } from '../../features/channels/locale.zh-CN';
import { crmZhCN } from '../../features/crm/locale.zh-CN';
import { desktopZhCN } from '../../features/desktop/locale.zh-CN';
import { desktopChatZhCN } from '../../features/desktop/locale-chat.zh-CN';
import { desktopCrmZhCN } from '../../features/desktop/locale-customer.zh-CN';
import { desktopKnowledgeZhCN } from '../../features/desktop/locale-knowledge.zh-CN';
import { desktopTicketZhCN } from '../../features/desktop/locale-ticket.zh-CN';
import { ivrZhCN } from '../../features/ivr/locale.zh-CN';
import { knowledgeZhCN } from '../../features/knowledge/locale.zh-CN';
import { notificationsZhCN } from '../../features/notifications/locale.zh-CN';
import { qualityZhCN } from '../../features/quality/locale.zh-CN';
import { qualityAdminZhCN } from '../../features/quality/settings.locale.zh-CN';
import { reportsImportZhCN } from '../../features/reports/import.locale.zh-CN';
import { reportsZhCN } from '../../features/reports/locale.zh-CN';
import { rolesZhCN } from '../../features/roles/locale.zh-CN';
import { routingZhCN } from '../../features/routing/locale.zh-CN';
import { supervisorZhCN } from '../../features/supervisor/locale.zh-CN';
import { surveysZhCN } from '../../features/surveys/locale.zh-CN';
import { systemZhCN } from '../../features/system/locale.zh-CN';
import { teamsZhCN } from '../../features/teams/locale.zh-CN';
import { telephonyZhCN } from '../../features/telephony/locale.zh-CN';
import { ticketsAdminZhCN } from '../../features/tickets/admin/locale.zh-CN';
import { ticketFlowsZhCN } from '../../features/tickets/flows.locale.zh-CN';
import { ticketsZhCN } from '../../features/tickets/locale.zh-CN';
import { trainingZhCN } from '../../features/training/locale.zh-CN';
import { usersZhCN } from '../../features/users/locale.zh-CN';
import { webhooksZhCN } from '../../features/webhooks/locale.zh-CN';
import { wfmZhCN } from '../../features/wfm/locale.zh-CN';
import { wfmAdherenceZhCN } from '../../features/wfm/locale-adherence.zh-CN';
import { wfmSelfZhCN } from '../../features/wfm/locale-self.zh-CN';
import { errorsZhCN } from './errors.zh-CN';

export const zhCN = {
  common: {
    productName: '客服',
    appName: '客服 Kefu',
    tagline: '开源呼叫中心平台',
    save: '保存',
    cancel: '取消',
    create: '新建',
    edit: '编辑',
    search: '搜索',
    reset: '重置',
    refresh: '刷新',
    retry: '重试',
    actions: '操作',
    loading: '加载中…',
    none: '—',
    all: '全部',
    close: '关闭',
    total: '共 {{count}} 条',
    loadFailed: '加载失败',
    empty: '暂无数据',
    comingSoon: '即将推出',
  },
  lang: {
    label: '语言',
    switchTo: '切换语言',
    'zh-CN': '中文',
    'en-US': 'English',
  },
  nav: {
    main: '主导航',
    desktop: '座席工作台',
    supervisor: '实时监控',
    calls: '通话记录',
    customers: '客户资料',
    quality: '质检',
    wfm: '排班',
    mySchedule: '我的班表',
    scheduleRequests: '排班审批',
    adherence: '遵从度',
    training: '培训',
    reports: '报表',
    reportSchedules: '定时报表',
    admin: '系统管理',
    users: '用户',
    roles: '角色权限',
    teams: '班组',
    routing: '路由配置',
    ivr: '语音导航',
    telephony: '语音设置',
    audit: '审计日志',
    overview: '系统概览',
    tickets: '工单',
    ticketsAdmin: '工单设置',
    followUps: '回访任务',
    incidents: '重大故障',
    webhooks: 'Webhook',
    calendars: '营业日历',
    reportsImport: '导入历史数据',
    surveys: '满意度调查',
    knowledge: '知识库',
    channels: '渠道管理',
    cannedReplies: '快捷回复',
    liveConversations: '在线会话监控',
    announcements: '公告',
    handover: '交接班',
  },
  header: {
    userMenu: '用户菜单',
    changePassword: '修改密码',
    lockNow: '立即锁屏',
    logout: '退出登录',
    realtimeOffline: '与服务器的连接已断开，正在自动重连…',
  },
  // Knowledge articles wherever they are read (ui/knowledge-article): the knowledge page and the desktop.
  knowledgeArticle: {
    emptyBody: '（正文为空）',
    validity: { current: '生效中', scheduled: '未生效', expired: '已失效', unpublished: '未发布' },
    expiredWarning: '已失效，请勿向客户引用',
    scheduledWarning: '尚未生效：生效日期之前请勿向客户引用',
    tree: {
      empty: '该故障树还没有步骤',
      missingStep: '找不到下一步，请联系知识库管理员',
      result: '处理结果',
      answers: '可选回答',
      answered: '回答：{{answer}}',
      path: '已走过的步骤',
      back: '上一步',
      restart: '重新开始',
    },
  },
  // The prompt picker (ui/prompt-select) of the IVR designer and the wallboard's 应急公告.
  prompt: { pick: '选择提示音', play: '试听', stop: '停止' },
  // The password fields (ui/new-password-fields) are shared by sign-in settings and user admin.
  password: {
    title: '修改密码',
    current: '当前密码',
    new: '新密码',
    confirm: '确认新密码',
    mismatch: '两次输入的密码不一致',
    rule: '至少 8 位，须同时包含字母和数字',
    changed: '密码已修改',
    required: '请输入密码',
  },
  errors: errorsZhCN,
  roleNames: {
    agent: '座席',
    team_lead: '班长',
    qa: '质检员',
    trainer: '培训师',
    wfm: '排班师',
    analyst: '数据分析师',
    supervisor: '主管',
    admin: '系统管理员',
  },
  acd: {
    vip: 'VIP',
    vipHint: 'CRM 中的 VIP 客户，本队列已提升其优先级',
    state: {
      logged_out: '签出',
      ready: '示闲',
      not_ready: '示忙',
      reserved: '振铃',
      busy: '服务中',
      wrap_up: '话后处理',
    },
    stateWithReason: '{{state}}（{{reason}}）',
    contactState: {
      queued: '排队中',
      offered: '已分配',
      connected: '服务中',
      wrap_up: '话后处理',
      completed: '已完成',
      abandoned: '已放弃',
      transferred: '已转接',
      overflowed: '已溢出',
      timed_out: '已超时',
    },
    channel: CONTACT_LABELS['zh-CN'].channel,
    disposition: CONTACT_LABELS['zh-CN'].disposition,
    requestType: CONTACT_LABELS['zh-CN'].requestType,
    strategy: {
      longest_idle: '最长空闲优先',
      most_skilled: '技能最高优先',
      least_occupied: '占用最少优先',
      round_robin: '轮询',
      preferred_agent: '优先上次服务座席',
    },
    overflowAction: { none: '不处理（超时结束）', queue: '溢出到其他队列', voicemail: '转留言', callback: '转回呼' },
  },
  placeholders: {
    ...trainingZhCN.placeholders,
  },
  // Long server-side work followed by id (ui/job-progress).
  jobs: {
    progress: '任务进度',
    state: { queued: '排队中', running: '进行中', done: '已完成', failed: '失败' },
    phase: { validating: '正在校验', writing: '正在写入' },
    rows: '已处理 {{done}} 行',
    rowsOf: '已处理 {{done}} / {{total}} 行',
    errors: '{{count}} 个问题',
  },
  home: {
    noAccessTitle: '暂无可用的功能',
    noAccess: '您的账号尚未被授予任何功能的权限，请联系系统管理员。',
  },
  notFound: { title: '页面不存在', description: '您访问的页面不存在。', back: '返回首页' },
  forbidden: { title: '无权访问', description: '您没有访问此页面的权限。', back: '返回{{page}}' },
  crash: {
    title: '页面出错了',
    description: '页面运行出错。请刷新页面后重试；如果问题仍然存在，请联系系统管理员。',
    updatedTitle: '系统已更新',
    updatedDescription: '系统已部署新版本，此页面需要刷新后才能使用。',
    reload: '刷新页面',
  },
  connection: {
    serverErrorTitle: '服务器暂时无法处理请求',
    serverErrorDescription: '服务器已响应，但返回了错误。将自动重试；若持续出现，请联系系统管理员。',
    lostTitle: '与服务器的连接已断开',
    lostDescription: '可能是网络中断或服务器正在重启。连接恢复后将自动继续。',
    pageOffline: '此页面因连接中断未能加载。正在自动重连，服务器恢复后页面会自动刷新。',
    retryIn: '{{seconds}} 秒后自动重试…',
    retrying: '正在重试…',
    retryNow: '立即重试',
  },
  ...authZhCN,
  ...usersZhCN,
  ...teamsZhCN,
  ...surveysZhCN,
  ...announcementsZhCN,
  ...webhooksZhCN,
  ...rolesZhCN,
  ...callsZhCN,
  ...ivrZhCN,
  ...telephonyZhCN,
  ...auditZhCN,
  ...desktopZhCN,
  ...supervisorZhCN,
  ...routingZhCN,
  ...systemZhCN,
  ...crmZhCN,
  ...desktopCrmZhCN,
  ...desktopKnowledgeZhCN,
  ...desktopChatZhCN,
  ...calendarsZhCN,
  ...ticketsZhCN,
  ...ticketFlowsZhCN,
  ...notificationsZhCN,
  ...ticketsAdminZhCN,
  ...reportsZhCN,
  ...desktopTicketZhCN,
  ...reportsImportZhCN,
  ...qualityZhCN,
  ...wfmZhCN,
  ...wfmSelfZhCN,
  ...wfmAdherenceZhCN,
  ...qualityAdminZhCN,
  ...channelsZhCN,
  ...knowledgeZhCN,
};

export type Messages = typeof zhCN;
