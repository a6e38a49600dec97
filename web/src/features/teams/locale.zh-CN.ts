/** Strings of team administration in zh-CN (the default language), merged into the app's translation tree. */
export const teamsZhCN = {
  teams: {
    title: '班组',
    create: '新建班组',
    edit: '编辑班组',
    empty: '暂无班组',
    created: '班组 {{name}} 已创建',
    updated: '班组 {{name}} 已更新',
    col: { name: '班组名称', lead: '班长', memberCount: '人数', createdAt: '创建时间' },
    form: {
      name: '班组名称',
      nameRequired: '请输入班组名称',
      lead: '班长',
      leadPlaceholder: '输入姓名或工号搜索',
    },
    noLead: '未指定',
  },
};

export type TeamsMessages = typeof teamsZhCN;
