import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Card, Empty, Flex, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { Calibration, ItemAnswer } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import {
  closeCalibration,
  scoreCalibrationContact,
  useCalibration,
  useInvalidateQuality,
  useQualityContact,
  useScorecardVersion,
} from './api';
import { agreedAnswers } from './calibration';
import { DisagreementTable } from './calibration-table';
import { itemsOf } from './score';
import { QUALITY_IDS } from './testids';

/** Who handled a contact and when, read from quality's contact view. */
export function ContactLabel({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const contact = useQualityContact(contactId);
  if (contact.isLoading) return <Skeleton.Input active size="small" />;
  if (!contact.data)
    return <Typography.Text type="secondary">{t('quality.calibration.contactUnknown')}</Typography.Text>;
  return (
    <span>
      {contact.data.agentName} · <DateTime value={contact.data.connectedAt} /> ·{' '}
      {t(`acd.channel.${contact.data.channel}`, { defaultValue: contact.data.channel })}
    </span>
  );
}

/**
 * A calibration session (/quality/calibrations/:id): an evaluator scores each contact (blind to the
 * others until it closes); the facilitator sees, per contact, each evaluator's answer per item, the
 * consensus and how many disagree, the score spread, each evaluator's deviation, and closes the
 * session with the agreed answers (the consensus unless they choose otherwise).
 */
export function CalibrationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const invalidate = useInvalidateQuality();
  const calibration = useCalibration(id);
  const c = calibration.data;
  const version = useScorecardVersion(c?.scorecardId, c?.scorecardVersion);
  const [chosen, setChosen] = useState<Record<string, Record<string, ItemAnswer>>>({});
  const [closing, setClosing] = useState(false);
  const me = session.me?.user.id;

  const score = useMutation({
    mutationFn: (contactId: string) => scoreCalibrationContact(id, contactId),
    onSuccess: (d) => navigate(`/quality/evaluations/${d.id}`),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const close = useMutation({
    mutationFn: (session: Calibration) =>
      closeCalibration(id, { agreed: agreedAnswers(session.contacts ?? [], chosen) }),
    onSuccess: () => {
      setClosing(false);
      void invalidate();
      void message.success(t('quality.calibration.closed'));
    },
  });

  const header = (
    <PageHeader
      title={c?.title ?? t('quality.calibration.title')}
      description={
        c ? (
          <Space wrap>
            <Tag color={c.status === 'open' ? 'processing' : 'default'}>
              {t(`quality.calibration.status.${c.status}`)}
            </Tag>
            {c.dueAt ? (
              <span>
                {t('quality.calibration.dueAt')}: <DateTime value={c.dueAt} />
              </span>
            ) : null}
            <span>{t('quality.evaluation.scorecardVersion', { version: c.scorecardVersion })}</span>
          </Space>
        ) : undefined
      }
      extra={
        <>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/quality?tab=calibration')}>
            {t('quality.evaluation.back')}
          </Button>
          {c && c.status === 'open' && session.can('qa.manage') && c.contacts ? (
            <Button type="primary" onClick={() => setClosing(true)} data-testid={QUALITY_IDS.calibrationClose}>
              {t('quality.calibration.close')}
            </Button>
          ) : null}
        </>
      }
    />
  );
  if (calibration.isError) {
    return (
      <>
        {header}
        <QueryError message={errorMessage(calibration.error)} onRetry={() => void calibration.refetch()} />
      </>
    );
  }
  if (!c) return <Skeleton active paragraph={{ rows: 10 }} />;
  const evaluator = c.evaluators.some((e) => e.id === me);
  const items = version.data ? itemsOf(version.data.content) : [];

  return (
    <div data-testid={QUALITY_IDS.calibration}>
      {header}
      <Flex vertical gap={16}>
        <Card size="small" title={t('quality.calibration.evaluators')}>
          <Space wrap>
            {c.evaluators.map((e) => (
              <Tag key={e.id} color={e.submitted === c.contactIds.length ? 'green' : undefined}>
                {t('quality.calibration.progress', { name: e.name, done: e.submitted, total: c.contactIds.length })}
                {c.deviation?.[e.id] !== undefined ? (
                  <span data-testid={QUALITY_IDS.calibrationDeviation(e.id)}>
                    {' · '}
                    {t('quality.calibration.deviation', { value: c.deviation[e.id] })}
                  </span>
                ) : null}
              </Tag>
            ))}
          </Space>
          {c.deviation ? (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('quality.calibration.deviationHint')}
            </Typography.Paragraph>
          ) : null}
        </Card>
        {!c.contacts ? <Alert type="info" showIcon title={t('quality.calibration.blind')} /> : null}
        {c.contactIds.map((contactId) => {
          const view = c.contacts?.find((x) => x.contactId === contactId);
          const mine = c.mine[contactId];
          return (
            <Card
              key={contactId}
              size="small"
              title={<ContactLabel contactId={contactId} />}
              extra={
                evaluator && (c.status === 'open' || mine) ? (
                  <Button
                    type={mine ? 'default' : 'primary'}
                    size="small"
                    loading={score.isPending && score.variables === contactId}
                    onClick={() =>
                      mine && c.status !== 'open' ? navigate(`/quality/evaluations/${mine}`) : score.mutate(contactId)
                    }
                    data-testid={QUALITY_IDS.calibrationScore(contactId)}
                  >
                    {mine ? t('quality.calibration.myScore') : t('quality.worklist.evaluate')}
                  </Button>
                ) : null
              }
            >
              {view ? (
                <Flex vertical gap={8}>
                  <Space wrap>
                    <span data-testid={QUALITY_IDS.calibrationSpread(contactId)}>
                      {view.spread === null
                        ? t('quality.calibration.noScores')
                        : t('quality.calibration.spread', { value: view.spread })}
                    </span>
                    {view.consensusScore !== null ? (
                      <span>{t('quality.calibration.consensusScore', { value: view.consensusScore })}</span>
                    ) : null}
                    {c.evaluators.map((e) =>
                      view.scores[e.id] !== undefined ? (
                        <Tag key={e.id}>
                          {e.name}: {view.scores[e.id]}
                        </Tag>
                      ) : null,
                    )}
                  </Space>
                  <DisagreementTable
                    contact={view}
                    evaluators={c.evaluators}
                    items={items}
                    editable={c.status === 'open' && session.can('qa.manage')}
                    chosen={chosen[contactId] ?? {}}
                    onChoose={(item, value) =>
                      setChosen((all) => ({ ...all, [contactId]: { ...all[contactId], [item]: value } }))
                    }
                  />
                </Flex>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.calibration.blindContact')} />
              )}
            </Card>
          );
        })}
      </Flex>
      <Modal
        open={closing}
        title={t('quality.calibration.close')}
        onCancel={() => setClosing(false)}
        onOk={() => close.mutate(c)}
        okText={t('quality.calibration.closeConfirm')}
        okButtonProps={{ loading: close.isPending, 'data-testid': QUALITY_IDS.calibrationCloseSubmit } as ButtonProps}
        destroyOnHidden
      >
        {close.isError ? (
          <Alert type="error" showIcon title={errorMessage(close.error)} style={{ marginBottom: 12 }} />
        ) : null}
        <Typography.Paragraph>{t('quality.calibration.closeHint')}</Typography.Paragraph>
      </Modal>
    </div>
  );
}
