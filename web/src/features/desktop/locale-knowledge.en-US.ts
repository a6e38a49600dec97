import type { DesktopKnowledgeMessages } from './locale-knowledge.zh-CN';

export const desktopKnowledgeEnUS: DesktopKnowledgeMessages = {
  desktopKnowledge: {
    title: 'Knowledge',
    searchPlaceholder: 'Search the knowledge base, e.g. broadband, bill',
    suggested: 'Suggested for this contact',
    noSuggestion: 'No suggested article: search above',
    idle: 'When a call or chat comes in, related articles are suggested here; you can search at any time.',
    results: 'Results',
    noResult: 'No article found',
    words: 'Searched for: {{words}}',
    reason: {
      queue: 'Often used in this queue',
      keyword: 'Keywords: {{words}}',
      text: 'Related to the subject',
    },
    kind: { article: 'Article', faq: 'FAQ', script: 'Script', tree: 'Troubleshooting' },
    helpful: 'Was this article helpful?',
    yes: 'Helpful',
    no: 'Not helpful',
    thanks: 'Thanks for the feedback',
    validUntil: 'Valid until',
    announcement: {
      open: 'Read and confirm',
      confirm: 'I have read and understood it',
      quiz: 'Answer these questions to confirm',
      wrong_one: '{{count}} answer is wrong: read the announcement again and retry',
      wrong_other: '{{count}} answers are wrong: read the announcement again and retry',
    },
    close: 'Close',
  },
};
