/** Strings of sign-in and the lock screen in zh-CN (the default language), merged into the app's translation tree. */
export const authZhCN = {
  login: {
    title: '登录',
    username: '工号/用户名',
    password: '密码',
    submit: '登录',
    usernameRequired: '请输入工号或用户名',
    passwordRequired: '请输入密码',
    ended: {
      expired: '会话已过期，请重新登录。',
      unauthenticated: '请先登录。',
      disabled: '账号已停用，请联系系统管理员。',
      logout: '您已退出登录。',
    },
  },
  lock: {
    title: '屏幕已锁定',
    hint: '为保护客户信息，屏幕已锁定。请输入密码解锁。',
    password: '密码',
    submit: '解锁',
    logout: '退出登录',
    passwordRequired: '请输入密码',
  },
};

export type AuthMessages = typeof authZhCN;
