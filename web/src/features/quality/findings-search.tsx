import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { FINDING_KINDS, type FindingKind, type FoundContact } from '../../../../contracts/quality';
import { isApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { formatDuration } from '../../ui/recording';
import { startEvaluation, useFindings } from './api';
import { useRules } from './settings-api';
import { QUALITY_IDS } from './testids';

/**
 * "Every call with a forbidden phrase this week": the contacts the automatic checks found something
 * on within the report's range, by kind; an evaluator may open an evaluation of one from here.
 */
export function FindingsSearch({ range }: { range: { from: string; to: string } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const [kind, setKind] = useState<FindingKind | undefined>('forbidden_phrase');
  const [page, setPage] = useState(1);
  const findings = useFindings({ ...range, kind, page, pageSize: 20 });
  // Rule names for QA staff (who may read the rules); others see the kind only.
  const staff = (['qa.view', 'qa.evaluate', 'qa.review', 'qa.manage'] as const).some((p) => session.can(p));
  const rules = useRules(staff);
  const ruleLabel = new Map((rules.data?.rules ?? []).map((r) => [r.key, r.label]));
  const evaluate = useMutation({
    mutationFn: (contactId: string) => startEvaluation({ contactId }),
    onSuccess: (d) => navigate(`/quality/evaluations/${d.id}`),
    onError: (e) => {
      const existing = isApiError(e, 'QUALITY.ALREADY_EVALUATED')
        ? (e.details as { evaluationId?: string } | undefined)?.evaluationId
        : undefined;
      if (existing) navigate(`/quality/evaluations/${existing}`);
      else void message.error(errorMessage(e));
    },
  });

  const columns: TableColumnsType<FoundContact> = [
    { key: 'at', title: t('quality.col.contactAt'), render: (_v, f) => <DateTime value={f.connectedAt} /> },
    { key: 'agent', title: t('quality.col.agent'), dataIndex: 'agentName' },
    {
      key: 'kind',
      title: t('quality.findings.kind'),
      render: (_v, f) => <Tag>{t(`quality.findingKind.${f.kind}`)}</Tag>,
    },
    ...(staff
      ? [
          {
            key: 'rule',
            title: t('quality.findings.rule'),
            render: (_v: unknown, f: FoundContact) => ruleLabel.get(f.rule) ?? f.rule,
          },
        ]
      : []),
    {
      key: 'text',
      title: t('quality.findings.phrase'),
      render: (_v, f) => (f.text ? <Typography.Text mark>{f.text}</Typography.Text> : t('common.none')),
    },
    {
      key: 'moment',
      title: t('quality.findings.moment'),
      render: (_v, f) =>
        [
          formatDuration(f.atMs),
          f.durationMs ? t('quality.evaluation.lasting', { time: formatDuration(f.durationMs) }) : '',
        ]
          .filter(Boolean)
          .join(' ') || t('common.none'),
    },
    ...(session.can('qa.evaluate')
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_v: unknown, f: FoundContact) => (
              <Button
                size="small"
                loading={evaluate.isPending && evaluate.variables === f.contactId}
                onClick={() => evaluate.mutate(f.contactId)}
              >
                {t('quality.worklist.evaluate')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('quality.findings.title')}
      extra={
        <Flex gap={8} align="center">
          <Select<FindingKind>
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('quality.findings.allKinds')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={FINDING_KINDS.map((k) => ({ value: k, label: t(`quality.findingKind.${k}`) }))}
            aria-label={t('quality.findings.kind')}
            data-testid={QUALITY_IDS.findingKind}
          />
        </Flex>
      }
    >
      {findings.isError ? (
        <QueryError message={errorMessage(findings.error)} onRetry={() => void findings.refetch()} />
      ) : null}
      <Table<FoundContact>
        size="small"
        rowKey={(f) => `${f.contactId}:${f.rule}:${f.atMs ?? ''}:${f.text ?? ''}`}
        data-testid={QUALITY_IDS.findingsTable}
        columns={columns}
        dataSource={findings.data?.items}
        loading={findings.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: findings.isLoading || findings.isError ? ' ' : <Empty description={t('quality.findings.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: findings.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
      />
    </Card>
  );
}
