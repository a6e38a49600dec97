import { CheckCircleFilled, StopOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Popover, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverloadStatus, ShedReason } from '../../../../contracts/voice';
import { useErrorMessage } from '../../app/errors';
import { useOverload } from './api';
import { SUPERVISOR_IDS } from './testids';

/** How many numbers the panel names under "most refused"; the rest are in the call log. */
const TOP_NUMBERS = 3;

/** A shed reason in words, with the limit it crossed when it is one of the configured limits. */
function useReasonText() {
  const { t } = useTranslation();
  return (reason: ShedReason, status: OverloadStatus) => {
    const limit =
      reason === 'max_cps' ? status.limits.maxCps : reason === 'max_calls' ? status.limits.maxCalls : undefined;
    return t(`wallboard.overload.reason.${reason}`, { limit: limit ?? t('wallboard.overload.noLimit') });
  };
}

/** What Kefu measures of itself, in words and units, against the limits that are set. */
function Headroom({ status }: { status: OverloadStatus }) {
  const { t, i18n } = useTranslation();
  const h = status.headroom;
  const n = (value: number, digits = 0) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(value);
  const ms = (value: number) => t('wallboard.overload.ms', { value: n(value) });
  const of = (value: number, limit: number | null) =>
    limit === null ? n(value, 1) : t('wallboard.overload.ofLimit', { value: n(value, 1), limit: n(limit) });
  const rows: [string, string][] = [
    [t('wallboard.overload.measure.callsOpen'), of(h.callsOpen, status.limits.maxCalls)],
    [t('wallboard.overload.measure.callsPerSecond'), of(h.callsPerSecond, status.limits.maxCps)],
    [t('wallboard.overload.measure.eventLoopLagMs'), ms(h.eventLoopLagMs)],
    [t('wallboard.overload.measure.mediaLatenessMs'), ms(h.mediaLatenessMs)],
    [t('wallboard.overload.measure.acdPendingCommands'), n(h.acdPendingCommands)],
    [t('wallboard.overload.measure.dbLatencyMs'), ms(h.dbLatencyMs)],
  ];
  return (
    <div data-testid={SUPERVISOR_IDS.overloadHeadroom}>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 320 }}>
        {t('wallboard.overload.headroomHint')}
      </Typography.Paragraph>
      <table className="overload-headroom">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 今日拒接 / 近 1 分钟拒接 and the numbers most refused, on one line. */
function ShedFigures({ status }: { status: OverloadStatus }) {
  const { t } = useTranslation();
  const top = status.byNumber.slice(0, TOP_NUMBERS);
  return (
    <Flex wrap gap="4px 24px" align="baseline">
      <span>
        <Typography.Text type="secondary">{t('wallboard.overload.shedLastMinute')} </Typography.Text>
        <Typography.Text strong data-testid={SUPERVISOR_IDS.overloadShedLastMinute}>
          {status.shedLastMinute}
        </Typography.Text>
      </span>
      <span>
        <Typography.Text type="secondary">{t('wallboard.overload.shedToday')} </Typography.Text>
        <Typography.Text strong data-testid={SUPERVISOR_IDS.overloadShedToday}>
          {status.shedToday}
        </Typography.Text>
      </span>
      {top.length > 0 ? (
        <span>
          <Typography.Text type="secondary">{t('wallboard.overload.topNumbers')} </Typography.Text>
          {top.map((b) => (
            <Tag key={b.number} bordered={false}>
              {t('wallboard.overload.byNumber', { number: b.number, count: b.shedToday })}
            </Tag>
          ))}
        </span>
      ) : null}
    </Flex>
  );
}

/**
 * 来电接入 on the wallboard: a quiet line while new calls are admitted, a red panel that says why
 * while admission control refuses them, and what was refused today either way.
 */
export function OverloadPanel() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const overload = useOverload();
  const reasonText = useReasonText();
  const status = overload.data;
  if (!status) {
    if (!overload.isError) return null;
    return (
      <Alert
        type="warning"
        showIcon
        title={t('wallboard.overload.unavailable')}
        description={errorMessage(overload.error)}
      />
    );
  }
  const headroom = (
    <Popover title={t('wallboard.overload.headroom')} content={<Headroom status={status} />} trigger="click">
      <Typography.Link>{t('wallboard.overload.headroom')}</Typography.Link>
    </Popover>
  );
  if (status.admitting) {
    return (
      <Card
        size="small"
        data-testid={SUPERVISOR_IDS.overload}
        data-admitting="true"
        aria-label={t('wallboard.overload.title')}
      >
        <Flex wrap gap="4px 24px" align="center" justify="space-between">
          <Space>
            <CheckCircleFilled style={{ color: 'var(--ant-color-success, #52c41a)' }} />
            <Typography.Text strong>{t('wallboard.overload.admitting')}</Typography.Text>
          </Space>
          <ShedFigures status={status} />
          {headroom}
        </Flex>
      </Card>
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      icon={<StopOutlined />}
      data-testid={SUPERVISOR_IDS.overload}
      data-admitting="false"
      role="alert"
      title={<strong>{t('wallboard.overload.shedding')}</strong>}
      description={
        <Flex vertical gap={8}>
          <span>{t('wallboard.overload.sheddingBody')}</span>
          {status.reasons.length > 0 ? (
            <div>
              <Typography.Text strong>{t('wallboard.overload.reasonsLabel')}</Typography.Text>
              <ul className="overload-reasons">
                {status.reasons.map((r) => (
                  <li key={r} data-testid={SUPERVISOR_IDS.overloadReason(r)}>
                    {reasonText(r, status)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Flex wrap gap="4px 24px" align="baseline" justify="space-between">
            <ShedFigures status={status} />
            {headroom}
          </Flex>
        </Flex>
      }
    />
  );
}
