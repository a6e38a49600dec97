import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { callbackNumberOf, createCallback, type ReportContact } from './api';
import { ContactsTable } from './contacts-table';
import { ReportFiltersBar, useReportFilters } from './report-filters';
import { kpiQuery } from './report-query';
import { REPORTS_IDS } from './testids';

/** 放弃呼叫: contacts abandoned in the queue over a range, each with a call-back action. */
export function AbandonedList({ centerTz }: { centerTz: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [filters, setFilters] = useReportFilters(centerTz);
  const query = useMemo(
    () => ({ ...kpiQuery('queue', { ...filters, granularity: 'total' }), figure: 'abandoned' }),
    [filters],
  );
  const canCallBack = session.can('contacts.create') && session.can('calls.view');
  return (
    <>
      <Typography.Paragraph type="secondary">{t('reports.description.abandoned')}</Typography.Paragraph>
      <ReportFiltersBar
        value={filters}
        onChange={setFilters}
        centerTz={centerTz}
        show={{ granularity: false, queue: true, channel: true }}
      />
      <ContactsTable
        key={JSON.stringify(query)}
        query={query}
        timeZone={filters.tz ?? centerTz}
        testId={REPORTS_IDS.table}
        actions={canCallBack ? (c) => <CallBackButton contact={c} /> : undefined}
      />
    </>
  );
}

/**
 * Creates a callback contact in the abandoned contact's queue for the caller's number; the queue's
 * agents get it like any contact and dial from their desktop.
 */
function CallBackButton({ contact }: { contact: ReportContact }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const possible = contact.callId !== null && contact.queueId !== null;
  const onClick = async () => {
    setBusy(true);
    try {
      const phone = await callbackNumberOf(contact);
      if (!phone) {
        void message.warning(t('reports.abandoned.noNumber'));
        return;
      }
      await createCallback(contact, phone);
      setDone(true);
      void message.success(t('reports.abandoned.callBackDone'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const button = (
    <Button
      size="small"
      icon={<PhoneOutlined />}
      loading={busy}
      disabled={!possible || done}
      onClick={() => void onClick()}
      data-testid={REPORTS_IDS.callBack(contact.id)}
    >
      {t('reports.abandoned.callBack')}
    </Button>
  );
  return possible ? button : <Tooltip title={t('reports.abandoned.noNumber')}>{button}</Tooltip>;
}
