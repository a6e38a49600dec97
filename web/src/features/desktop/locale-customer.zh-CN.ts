/** The desktop's customer panel (客户弹屏) in zh-CN. */
export const desktopCrmZhCN = {
  desktopCrm: {
    title: '客户信息',
    choose: '该号码对应 {{count}} 位客户，请选择',
    none: '未找到该来电号码对应的客户',
    noneMatch: '客户资料中没有匹配的客户',
    name: '客户姓名 / 名称',
    phone: '电话',
    phoneHelp: '来电号码已脱敏，请向客户确认后填写',
    create: '快速建档',
    created: '客户已创建',
    phones: '电话',
    products: '产品',
    lastNote: '最新备注',
    open: '查看客户全景',
    verify: {
      yes: '已核验身份',
      no: '未核验身份',
      pass: '核验通过',
      fail: '核验未通过',
      passed: '已记录：核验通过',
      failed: '已记录：核验未通过',
      method: { service_password: '服务密码', id_last_digits: '证件号后几位', sms_code: '短信验证码' },
    },
    tier: { standard: '普通', silver: '银卡', gold: '金卡', vip: 'VIP' },
  },
};

export type DesktopCrmMessages = typeof desktopCrmZhCN;
