import { Empty, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useSearchParams } from 'react-router-dom';
import type { Permission } from '../../../../contracts/permissions';
import { useSession } from '../../app/session';
import { PageHeader } from '../../ui/page-header';
import { ArticlePage } from './article-page';
import { EditorPage } from './editor-page';
import { ManageTab } from './manage-tab';
import { SearchTab } from './search-tab';
import { SettingsTab } from './settings-tab';
import { KNOWLEDGE_IDS } from './testids';
import { UsageTab } from './usage-tab';

const TABS: { key: string; permission: Permission; content: () => ReactNode }[] = [
  { key: 'search', permission: 'knowledge.use', content: () => <SearchTab /> },
  { key: 'manage', permission: 'knowledge.edit', content: () => <ManageTab /> },
  { key: 'settings', permission: 'knowledge.manage', content: () => <SettingsTab /> },
  { key: 'usage', permission: 'knowledge.manage', content: () => <UsageTab /> },
];

/** The tabs of /knowledge, each for the permission of its part; the open tab is in the address (?tab=). */
function KnowledgeTabs() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const tabs = TABS.filter((tab) => session.can(tab.permission));
  const active = tabs.find((tab) => tab.key === params.get('tab'))?.key ?? tabs[0]?.key;
  if (!active) return <Empty description={t('forbidden.description')} />;
  return (
    <div data-testid={KNOWLEDGE_IDS.page}>
      <PageHeader title={t('knowledge.title')} description={t('knowledge.description')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={KNOWLEDGE_IDS.tab(tab.key)}>{t(`knowledge.tabs.${tab.key}`)}</span>,
          children: tab.content(),
        }))}
      />
    </div>
  );
}

/** 知识库 (/knowledge/*): search and browse, one article, the editor, and the manager's tabs. */
export function KnowledgePage() {
  const session = useSession();
  const edit = session.can('knowledge.edit');
  return (
    <Routes>
      <Route index element={<KnowledgeTabs />} />
      <Route path="articles/:id" element={<ArticlePage />} />
      {edit ? <Route path="articles/:id/edit" element={<EditorPage />} /> : null}
      {edit ? <Route path="new" element={<EditorPage />} /> : null}
      <Route path="*" element={<Navigate to="/knowledge" replace />} />
    </Routes>
  );
}
