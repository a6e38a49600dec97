import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarSummary, CalendarUse } from '../../../../contracts/calendars';
import { ApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { deleteCalendar, useCalendar, useCalendars, useInvalidateCalendars } from './api';
import { CalendarFormDialog } from './calendar-form-dialog';
import { CALENDARS_IDS } from './testids';

/** Loads the whole calendar (its days) before the editor opens. */
function EditCalendar({ id, onClose }: { id: string; onClose: () => void }) {
  const calendar = useCalendar(id);
  return calendar.data ? <CalendarFormDialog calendar={calendar.data} onClose={onClose} /> : null;
}

/** Business calendars (营业日历): hours, holidays and 调休 days for IVR, queues and SLAs. */
export function CalendarsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const calendars = useCalendars();
  const invalidate = useInvalidateCalendars();
  const [dialog, setDialog] = useState<{ id?: string } | null>(null);
  const manage = session.can('calendars.manage');

  const remove = async (c: CalendarSummary) => {
    try {
      await deleteCalendar(c.id);
      invalidate();
      void message.success(t('calendars.deleted', { name: c.name }));
    } catch (err) {
      const usedBy =
        err instanceof ApiError ? (err.details as { usedBy?: CalendarUse[] } | undefined)?.usedBy : undefined;
      const names = usedBy?.map((u) => u.name).join('、');
      void message.error(names ? `${errorMessage(err)} ${t('calendars.inUse', { names })}` : errorMessage(err));
    }
  };

  const columns: TableColumnsType<CalendarSummary> = [
    { key: 'name', title: t('calendars.col.name'), dataIndex: 'name' },
    { key: 'timeZone', title: t('calendars.col.timeZone'), dataIndex: 'timeZone' },
    { key: 'holidays', title: t('calendars.col.holidays'), dataIndex: 'holidayCount', align: 'right' },
    { key: 'workdays', title: t('calendars.col.workdays'), dataIndex: 'workdayCount', align: 'right' },
    {
      key: 'updatedAt',
      title: t('calendars.col.updatedAt'),
      dataIndex: 'updatedAt',
      render: (value: string) => <DateTime value={value} />,
    },
  ];
  if (manage) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, c) => (
        <Space size="small">
          <Button type="link" size="small" onClick={() => setDialog({ id: c.id })}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('calendars.deleteConfirm', { name: c.name })} onConfirm={() => remove(c)}>
            <Button type="link" size="small" danger>
              {t('calendars.form.remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('calendars.title')}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void calendars.refetch()}
              aria-label={t('common.refresh')}
            />
            {manage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({})}
                data-testid={CALENDARS_IDS.create}
              >
                {t('calendars.create')}
              </Button>
            ) : null}
          </>
        }
      />
      {calendars.isError ? (
        <QueryError message={errorMessage(calendars.error)} onRetry={() => void calendars.refetch()} />
      ) : null}
      <Table<CalendarSummary>
        rowKey="id"
        columns={columns}
        dataSource={calendars.data}
        loading={calendars.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: calendars.isLoading || calendars.isError ? ' ' : <Empty description={t('calendars.empty')} />,
        }}
        pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
      />
      {dialog?.id ? <EditCalendar id={dialog.id} onClose={() => setDialog(null)} /> : null}
      {dialog && !dialog.id ? <CalendarFormDialog onClose={() => setDialog(null)} /> : null}
    </>
  );
}
