import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { EvaluationDetail } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { AgentActions } from './agent-actions';
import { qualityKeys, useEvaluation, useInvalidateQuality } from './api';
import { AppealDecisionDialog } from './appeal-decision';
import { openAppealFor } from './choices';
import { CoachingDialog, ExampleDialog } from './coaching-dialogs';
import { CommentsPanel } from './comments-panel';
import { ContactFacts, FindingsList, Transcript } from './contact-panel';
import { DraftScorecard } from './draft-scorecard';
import { EvaluationAppeals, EvaluationHistory } from './evaluation-history';
import { type PlayerHandle, RecordingPlayer } from './recording-player';
import { itemsOf } from './score';
import { ScorePanel } from './score-panel';
import { ScorecardForm } from './scorecard-form';
import { StatusTag } from './status-tag';
import { QUALITY_IDS } from './testids';

/** Where the screen's 返回 leads: the calibration session it belongs to, else the tab it came from. */
function backPath(detail: EvaluationDetail, editing: boolean): string {
  if (detail.calibrationId) return `/quality/calibrations/${detail.calibrationId}`;
  return editing || detail.taskId ? '/quality?tab=worklist' : '/quality?tab=evaluations';
}

/**
 * One evaluation (/quality/evaluations/:id): the call on the left — recording, findings, transcript,
 * comments — and the scorecard on the right, answered (the evaluator's draft, auto-saved) or shown
 * with its history and appeals; the agent confirms or appeals here, a reviewer decides here.
 */
export function EvaluationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const evaluation = useEvaluation(id);
  if (evaluation.isError) {
    return (
      <>
        <PageHeader title={t('quality.evaluation.title')} />
        <QueryError message={errorMessage(evaluation.error)} onRetry={() => void evaluation.refetch()} />
      </>
    );
  }
  if (!evaluation.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  // Keyed by revision and status: a submission or a decision starts the screen over from the server.
  return <EvaluationScreen key={`${evaluation.data.id}:${evaluation.data.status}`} detail={evaluation.data} />;
}

function EvaluationScreen({ detail }: { detail: EvaluationDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateQuality();
  const player = useRef<PlayerHandle>(null);
  const [dialog, setDialog] = useState<'decide' | 'coach' | 'example'>();
  const me = session.me?.user.id;
  const editing = detail.status === 'draft' && detail.evaluatorId === me && session.can('qa.evaluate');
  const contact = detail.contact;
  const hasRecording = Boolean(contact?.recordingId);
  const seek = hasRecording ? (ms: number) => player.current?.seek(ms) : undefined;
  const replace = (d: EvaluationDetail) => {
    queryClient.setQueryData(qualityKeys.evaluation(d.id), d);
    void invalidate();
  };
  const appeal = openAppealFor(detail, me, session.can('qa.review'));
  const canCoach = !editing && (['qa.team', 'qa.evaluate', 'qa.manage'] as const).some((p) => session.can(p));
  const failed = new Set(detail.breakdown?.failedItems ?? []);
  const disputed = new Set(detail.appeals.find((a) => a.status === 'open')?.items ?? []);

  return (
    <div data-testid={QUALITY_IDS.evaluation}>
      <PageHeader
        title={t('quality.evaluation.titleOf', { name: detail.agentName })}
        description={
          <Flex gap={12} wrap align="center">
            <span data-testid={QUALITY_IDS.evaluationStatus}>
              <StatusTag status={detail.status} />
            </span>
            <span>
              {t('quality.col.evaluator')}: {detail.evaluatorName}
            </span>
            <span>{t('quality.evaluation.scorecardVersion', { version: detail.scorecard.version })}</span>
            <span>
              {t('quality.col.contactAt')}: <DateTime value={detail.contactAt} />
            </span>
            {detail.calibrationId ? <Tag color="purple">{t('quality.evaluation.calibration')}</Tag> : null}
          </Flex>
        }
        extra={
          <>
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(backPath(detail, editing))}
              data-testid={QUALITY_IDS.back}
            >
              {t('quality.evaluation.back')}
            </Button>
            <AgentActions detail={detail} userId={me} onChange={replace} />
            {appeal ? (
              <Button type="primary" onClick={() => setDialog('decide')} data-testid={QUALITY_IDS.decideHere}>
                {t('quality.appeals.decide')}
              </Button>
            ) : null}
            {canCoach && detail.calibrationId === null ? (
              <Button onClick={() => setDialog('coach')}>{t('quality.coaching.create')}</Button>
            ) : null}
            {session.can('qa.manage') && !editing ? (
              <Button onClick={() => setDialog('example')}>{t('quality.examples.add')}</Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={11}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('quality.evaluation.contact')}>
              {contact ? (
                <Flex vertical gap={12}>
                  <ContactFacts contact={contact} />
                  {hasRecording ? (
                    <RecordingPlayer ref={player} evaluationId={detail.id} findings={contact.findings} />
                  ) : (
                    <Alert type="info" showIcon title={t('quality.player.none')} />
                  )}
                </Flex>
              ) : (
                <Alert type="warning" showIcon title={t('quality.evaluation.contactGone')} />
              )}
            </Card>
            <FindingsList contact={contact} onSeek={seek} />
            <Transcript lines={contact?.transcript} onSeek={seek} />
            <CommentsPanel
              evaluation={detail}
              comments={detail.comments}
              canComment={detail.evaluatorId === me || session.can('qa.review') || session.can('qa.manage')}
              currentMs={hasRecording ? () => player.current?.currentMs() ?? 0 : undefined}
              onSeek={seek}
              onAdded={(d) => queryClient.setQueryData(qualityKeys.evaluation(d.id), d)}
            />
          </Flex>
        </Col>
        <Col xs={24} xl={13}>
          {editing ? (
            <DraftScorecard
              detail={detail}
              onSubmitted={(d) => {
                replace(d);
                navigate(backPath(d, true));
              }}
            />
          ) : (
            <Flex vertical gap={16}>
              <Card size="small">
                <ScorePanel breakdown={detail.breakdown} />
                {detail.appealUntil && detail.agentId === me ? (
                  <Typography.Text type="secondary">
                    {t('quality.appeal.until')} <DateTime value={detail.appealUntil} />
                  </Typography.Text>
                ) : null}
              </Card>
              {detail.status === 'draft' ? (
                <Alert type="info" showIcon title={t('quality.evaluation.draftOfOther')} />
              ) : null}
              <ScorecardForm
                content={detail.scorecard.content}
                answers={detail.answers}
                failed={failed}
                marked={disputed}
              />
              {detail.summary ? (
                <Card size="small" title={t('quality.evaluation.summary')}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                    {detail.summary}
                  </Typography.Paragraph>
                </Card>
              ) : null}
              <EvaluationHistory detail={detail} />
              <EvaluationAppeals detail={detail} />
            </Flex>
          )}
        </Col>
      </Row>
      {dialog === 'decide' && appeal ? (
        <AppealDecisionDialog appeal={appeal} onClose={() => setDialog(undefined)} onDone={replace} />
      ) : null}
      {dialog === 'coach' ? (
        <CoachingDialog
          agent={{ id: detail.agentId, name: detail.agentName }}
          evaluationId={detail.id}
          items={itemsOf(detail.scorecard.content)}
          failed={detail.breakdown?.failedItems ?? []}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
      {dialog === 'example' ? (
        <ExampleDialog contactId={detail.contactId} evaluationId={detail.id} onClose={() => setDialog(undefined)} />
      ) : null}
    </div>
  );
}
