import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentDay, AgentState } from '../../../../contracts/routing';
import { formatDuration, useNow } from '../../ui/use-now';
import { DESKTOP_IDS } from './testids';

/**
 * Today's own figures: contacts handled, average handle time, time ready and not ready. The server
 * counts the times up to when it answered (`fetchedAt`, this browser's clock); while the agent stays
 * ready or not ready the matching figure keeps growing here, and the next refetch corrects it.
 */
export function MyDay({ today, state, fetchedAt }: { today: AgentDay; state: AgentState; fetchedAt: number }) {
  const { t } = useTranslation();
  const now = useNow();
  const elapsed = Math.max(0, (now - fetchedAt) / 1000);
  const ready = today.readySeconds + (state === 'ready' ? elapsed : 0);
  const notReady = today.notReadySeconds + (state === 'not_ready' ? elapsed : 0);
  return (
    <Card size="small" title={t('desktop.myDay')}>
      <Row gutter={[16, 8]}>
        <Col xs={12} md={6}>
          <Statistic title={t('desktop.handled')} value={today.handled} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('desktop.aht')}
            value={today.ahtSeconds === null ? t('common.none') : formatDuration(today.ahtSeconds)}
          />
        </Col>
        <Col xs={12} md={6} data-testid={DESKTOP_IDS.readyTime}>
          <Statistic title={t('desktop.readyTime')} value={formatDuration(ready)} />
        </Col>
        <Col xs={12} md={6} data-testid={DESKTOP_IDS.notReadyTime}>
          <Statistic title={t('desktop.notReadyTime')} value={formatDuration(notReady)} />
        </Col>
      </Row>
    </Card>
  );
}
