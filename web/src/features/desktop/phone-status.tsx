import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentStatus } from '../../../../contracts/routing';
import type { MyPhone } from '../../../../contracts/telephony';
import { useDateTimeFormat } from '../../ui/date-time';
import { DESKTOP_IDS } from './testids';

/** Whether calls offered to the agent can ring: at least one enabled SIP account registered. */
export type PhoneReadiness = 'registered' | 'unregistered' | 'disabled' | 'none';

export function phoneReadiness(phone: MyPhone): PhoneReadiness {
  if (phone.registered) return 'registered';
  if (phone.phones.length === 0) return 'none';
  return phone.phones.every((p) => p.disabled) ? 'disabled' : 'unregistered';
}

/**
 * The agent's phone on the desktop: where it is registered from (address and phone model), or a
 * warning that says what an unregistered phone means for the calls the agent is offered.
 */
export function PhoneStatus({ phone }: { phone: MyPhone }) {
  const { t, i18n } = useTranslation();
  const readiness = phoneReadiness(phone);
  if (readiness === 'registered') {
    const lines = phone.phones.flatMap((p) =>
      p.bindings.map((b) => ({
        key: `${p.username}-${b.contact}`,
        text: t('desktop.phone.from', {
          account: p.username,
          address: `${b.source.host}:${b.source.port}`,
          transport: b.source.transport,
        }),
        userAgent: b.userAgent,
      })),
    );
    return (
      <Alert
        type="success"
        showIcon
        data-testid={DESKTOP_IDS.phoneStatus}
        data-registered="true"
        title={t('desktop.phone.registered')}
        description={lines.map((l) => (
          <div key={l.key}>
            {l.text}
            {l.userAgent ? (
              <Typography.Text type="secondary">
                {' '}
                · {t('desktop.phone.device', { device: l.userAgent })}
              </Typography.Text>
            ) : null}
          </div>
        ))}
      />
    );
  }
  const accounts = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    phone.phones.map((p) => p.username),
  );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid={DESKTOP_IDS.phoneStatus}
      data-registered="false"
      title={t(`desktop.phone.${readiness}.title`)}
      description={t(`desktop.phone.${readiness}.body`, { accounts })}
    />
  );
}

/** Whether the agent's phone is flagged now: it did not respond to an offer and the pause lasts. */
export function phoneUnreachable(me: Pick<AgentStatus, 'phoneUnreachableUntil'>, now: number): boolean {
  return me.phoneUnreachableUntil !== null && Date.parse(me.phoneUnreachableUntil) > now;
}

/**
 * The phone did not respond to an offer (a delivery failure, not a missed call): calls to the agent
 * pause until the time shown, the agent stays ready, and 示闲 resumes them at once.
 */
export function PhoneUnreachable({ until }: { until: string }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={DESKTOP_IDS.phoneUnreachable}
      title={t('desktop.phone.unreachable.title')}
      description={t('desktop.phone.unreachable.body', { time: formatTime(until, 'time') })}
    />
  );
}
