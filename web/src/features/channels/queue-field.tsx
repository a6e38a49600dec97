import { CalendarOutlined } from '@ant-design/icons';
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ConversationChannel } from '../../../../contracts/conversations';
import { useSession } from '../../app/session';
import { useCalendars, useQueues } from './api';
import { CHANNELS_IDS } from './testids';

/**
 * Which queue the channel feeds, and where that queue's business hours come from: the channel has
 * no hours of its own, it is open when its queue is (the queue's business calendar).
 */
export function QueueField({ kind }: { kind: ConversationChannel }) {
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
            </div>
          ) : null}
          {hours && kind === 'webchat' ? <div>{t('channels.common.hoursNote')}</div> : null}
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
