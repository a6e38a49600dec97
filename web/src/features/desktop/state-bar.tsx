import { DownOutlined, LogoutOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Dropdown, Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentMe, ReasonCode, SetStateBody } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { AgentStateTag, useReasonLabel } from '../../ui/agent-state-tag';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { setMyState, useInvalidateDesktop } from './api';
import { DESKTOP_IDS } from './testids';

/** While a contact is in hand the agent's choice waits: the engine keeps `presence` apart from `state`. */
function pendingOf(me: AgentMe): 'not_ready' | 'logged_out' | null {
  const working = me.state === 'reserved' || me.state === 'busy' || me.state === 'wrap_up';
  if (!working || me.presence === 'ready') return null;
  return me.presence;
}

/**
 * 示闲 / 示忙 (with a reason) / 签出, the current state and how long the agent has been in it.
 * `phoneMissing`: the agent takes calls but no phone of theirs is registered — 示闲 asks first.
 * `phoneUnreachable`: the phone did not respond to an offer and calls are paused — 示闲 (enabled
 * although the agent is ready) resumes them.
 */
export function StateBar({
  me,
  reasons,
  phoneMissing,
  phoneUnreachable = false,
}: {
  me: AgentMe;
  reasons: readonly ReasonCode[] | undefined;
  phoneMissing: boolean;
  phoneUnreachable?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateDesktop();
  const reasonLabel = useReasonLabel(reasons);
  const now = useNow();
  const change = useMutation({
    mutationFn: setMyState,
    onSuccess: invalidate,
    onError: (error) => void message.error(errorMessage(error)),
  });
  const choose = (body: SetStateBody) => change.mutate(body);
  // Without a registered phone, calls offered would ring nowhere and pass to the next agent after
  // the ring time: say so before the agent waits for calls that cannot reach them.
  const goReady = () => {
    if (!phoneMissing) return choose({ state: 'ready' });
    modal.confirm({
      title: t('desktop.phone.confirmTitle'),
      content: <span data-testid={DESKTOP_IDS.phoneConfirm}>{t('desktop.phone.confirmBody')}</span>,
      okText: t('desktop.phone.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () => choose({ state: 'ready' }),
    });
  };
  const selectable = (reasons ?? []).filter((r) => r.active && !r.system).sort((a, b) => a.sortOrder - b.sortOrder);
  const pending = pendingOf(me);
  const shownReason = me.state === 'not_ready' ? reasonLabel(me.reason) : null;

  return (
    <Card size="small">
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Space size="middle" align="center" wrap>
          <Typography.Text type="secondary">{t('desktop.currentState')}</Typography.Text>
          <span className="desktop-state">
            <AgentStateTag state={me.state} reason={shownReason} testId={DESKTOP_IDS.state} />
          </span>
          {me.since ? (
            <Typography.Text className="timer" data-testid={DESKTOP_IDS.stateTimer} aria-label={t('desktop.inState')}>
              {formatDuration(secondsSince(me.since, now))}
            </Typography.Text>
          ) : null}
        </Space>
        <Space wrap>
          <Button
            type={me.presence === 'ready' && !phoneUnreachable ? 'default' : 'primary'}
            icon={<PlayCircleOutlined />}
            disabled={me.presence === 'ready' && !pending && !phoneUnreachable}
            loading={change.isPending && change.variables?.state === 'ready'}
            onClick={goReady}
            data-testid={DESKTOP_IDS.ready}
          >
            {t('desktop.goReady')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: selectable.map((r) => ({
                key: r.code,
                label: i18n.language === 'en-US' ? r.labelEn : r.labelZh,
                'data-testid': DESKTOP_IDS.reason(r.code),
              })),
              onClick: ({ key }) => choose({ state: 'not_ready', reason: key }),
            }}
          >
            <Button
              icon={<PauseCircleOutlined />}
              loading={change.isPending && change.variables?.state === 'not_ready'}
              data-testid={DESKTOP_IDS.notReady}
            >
              {t('desktop.goNotReady')} <DownOutlined />
            </Button>
          </Dropdown>
          <Button
            icon={<LogoutOutlined />}
            disabled={me.presence === 'logged_out'}
            loading={change.isPending && change.variables?.state === 'logged_out'}
            onClick={() => choose({ state: 'logged_out' })}
            data-testid={DESKTOP_IDS.logOut}
          >
            {t('desktop.logOut')}
          </Button>
        </Space>
      </Flex>
      {pending ? (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          data-testid={DESKTOP_IDS.pending}
          title={
            pending === 'not_ready'
              ? t('desktop.pendingNotReady', { reason: reasonLabel(me.reason) ?? '' })
              : t('desktop.pendingLogOut')
          }
        />
      ) : null}
    </Card>
  );
}
