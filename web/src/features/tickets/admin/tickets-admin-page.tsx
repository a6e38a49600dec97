import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/page-header';
import { TICKETS_IDS } from '../testids';
import { Categories } from './categories';
import { CustomerNotices } from './customer-notices';
import { Groups } from './groups';
import { Policies } from './policies';

/** 工单设置 (tickets.manage): SLA policies, department groups, category trees, customer notices. */
export function TicketsAdminPage() {
  const { t } = useTranslation();
  return (
    <div data-testid={TICKETS_IDS.admin}>
      <PageHeader title={t('ticketsAdmin.title')} />
      <Tabs
        items={[
          { key: 'policies', label: t('ticketsAdmin.tab.policies'), children: <Policies /> },
          { key: 'groups', label: t('ticketsAdmin.tab.groups'), children: <Groups /> },
          { key: 'categories', label: t('ticketsAdmin.tab.categories'), children: <Categories /> },
          { key: 'notices', label: t('ticketsAdmin.tab.notices'), children: <CustomerNotices /> },
        ]}
      />
    </div>
  );
}
