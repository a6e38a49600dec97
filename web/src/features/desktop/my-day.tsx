import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentDay } from '../../../../contracts/routing';
import { formatDuration } from '../../ui/use-now';

/** Today's own figures: contacts handled, average handle time, time ready and not ready. */
export function MyDay({ today }: { today: AgentDay }) {
  const { t } = useTranslation();
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
        <Col xs={12} md={6}>
          <Statistic title={t('desktop.readyTime')} value={formatDuration(today.readySeconds)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('desktop.notReadyTime')} value={formatDuration(today.notReadySeconds)} />
        </Col>
      </Row>
    </Card>
  );
}
