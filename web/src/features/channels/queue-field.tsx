import { CalendarOutlined } from '@ant-design/icons';
import { Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session';
import { useCalendars, useQueues } from './api';
import { CHANNELS_IDS } from './testids';

/**
 * Which queue the channel feeds, and where that queue's business hours come from: the channel has
 * no hours of its own, it is open when its queue is (the queue's business calendar).
 */
export function QueueField() {
  const { t } = useTranslation();
  const { can } = useSession();
  const queues = useQueues();
  const mayReadCalendars = can('calendars.view');
  const calendars = useCalendars(mayReadCalendars);
  const key = Form.useWatch('queue') as string | undefined;
  const queue = queues.data?.find((q) => q.key === key);
  const calendar = queue?.calendarId ? calendars.data?.find((c) => c.id === queue.calendarId) : undefined;

  let hours: string | undefined;
  if (queue) {
    if (queue.calendarId)
      hours = calendar
        ? t('channels.common.hoursFromCalendar', { name: calendar.name })
        : t('channels.common.hoursCalendar');
    else hours = queue.businessHours ? t('channels.common.hoursOwn') : t('channels.common.hoursAlways');
  }

  return (
    <Form.Item
      name="queue"
      label={t('channels.common.queue')}
      rules={[{ required: true, message: t('channels.common.queueRequired') }]}
      extra={
        <>
          <div>{t('channels.common.queueHelp')}</div>
          {hours ? (
            <div>
              <CalendarOutlined /> {hours}
              {queue?.calendarId && mayReadCalendars ? (
                <>
                  {' · '}
                  <Link to="/admin/calendars">{t('channels.common.openCalendars')}</Link>
                </>
              ) : null}
              <Typography.Text type="secondary"> {t('channels.common.hoursNote')}</Typography.Text>
            </div>
          ) : null}
        </>
      }
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        loading={queues.isLoading}
        data-testid={CHANNELS_IDS.formQueue}
        options={(queues.data ?? []).map((q) => ({ value: q.key, label: `${q.name} (${q.key})` }))}
      />
    </Form.Item>
  );
}
