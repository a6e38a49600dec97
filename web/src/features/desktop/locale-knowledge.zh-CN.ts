/** The desktop's knowledge panel (知识库) in zh-CN. */
export const desktopKnowledgeZhCN = {
  desktopKnowledge: {
    title: '知识库',
    searchPlaceholder: '搜索知识库，如：宽带、话费',
    suggested: '为当前接触推荐',
    noSuggestion: '暂无推荐文章，可在上方搜索',
    idle: '有来电或在线咨询时，这里会推荐相关文章；也可随时搜索。',
    results: '搜索结果',
    noResult: '没有找到相关文章',
    words: '已搜索：{{words}}',
    reason: {
      queue: '本队列常用',
      keyword: '关键词：{{words}}',
      text: '与主题相关',
    },
    kind: { article: '文章', faq: '常见问题', script: '话术', tree: '故障树' },
    helpful: '这篇文章有帮助吗？',
    yes: '有帮助',
    no: '没帮助',
    thanks: '感谢反馈',
    validUntil: '有效期至',
    announcement: {
      open: '查看并确认',
      confirm: '我已阅读并理解',
      quiz: '请回答以下问题后确认',
      wrong_one: '有 {{count}} 道题回答有误，请重新阅读公告后再答',
      wrong_other: '有 {{count}} 道题回答有误，请重新阅读公告后再答',
    },
    close: '关闭',
  },
};

export type DesktopKnowledgeMessages = typeof desktopKnowledgeZhCN;
