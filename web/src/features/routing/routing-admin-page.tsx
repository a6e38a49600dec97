import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../ui/page-header';
import { AgentRoutingTab } from './agent-routing-tab';
import { QueuesTab } from './queues-tab';
import { ReasonCodesTab } from './reason-codes-tab';
import { SkillsTab } from './skills-tab';

const TABS = ['queues', 'skills', 'reasons', 'agents'] as const;
type Tab = (typeof TABS)[number];

/** 路由配置: queues, skills, not-ready reason codes and each agent's routing, one tab each (kept in the URL). */
export function RoutingAdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'queues';
  return (
    <>
      <PageHeader title={t('routingAdmin.title')} description={t('routingAdmin.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'queues', label: t('routingAdmin.tabs.queues'), children: <QueuesTab /> },
          { key: 'skills', label: t('routingAdmin.tabs.skills'), children: <SkillsTab /> },
          { key: 'reasons', label: t('routingAdmin.tabs.reasons'), children: <ReasonCodesTab /> },
          { key: 'agents', label: t('routingAdmin.tabs.agents'), children: <AgentRoutingTab /> },
        ]}
      />
    </>
  );
}
