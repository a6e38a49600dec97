import { DeleteOutlined, PlayCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Example } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { deleteExample, fetchExampleRecording, useExamples, useInvalidateQuality } from './api';
import { ExampleDialog } from './coaching-dialogs';
import { QUALITY_IDS } from './testids';

/** 优秀案例: the best-practice library as far as the user's audience reaches; QA leads add and remove. */
export function ExamplesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const invalidate = useInvalidateQuality();
  const [creating, setCreating] = useState(false);
  const [listening, setListening] = useState<Example>();
  const examples = useExamples();
  const manage = session.can('qa.manage');
  const remove = useMutation({
    mutationFn: (id: string) => deleteExample(id),
    onSuccess: () => {
      void invalidate();
      void message.success(t('quality.examples.deleted'));
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  const columns: TableColumnsType<Example> = [
    { key: 'title', title: t('quality.examples.titleField'), dataIndex: 'title' },
    { key: 'agent', title: t('quality.col.agent'), dataIndex: 'agentName' },
    {
      key: 'tags',
      title: t('quality.examples.tags'),
      render: (_v, e) => (
        <Space size={[4, 4]} wrap>
          {e.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'note',
      title: t('quality.examples.note'),
      render: (_v, e) =>
        e.note ? (
          <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 360 }}>
            {e.note}
          </Typography.Paragraph>
        ) : (
          t('common.none')
        ),
    },
    { key: 'audience', title: t('quality.examples.audience'), render: (_v, e) => t(`quality.audience.${e.audience}`) },
    { key: 'createdAt', title: t('quality.examples.createdAt'), render: (_v, e) => <DateTime value={e.createdAt} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, e) => (
        <Space size={4}>
          {e.hasRecording ? (
            <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setListening(e)}>
              {t('quality.examples.listen')}
            </Button>
          ) : null}
          {e.evaluationId ? (
            <Button size="small" onClick={() => navigate(`/quality/evaluations/${e.evaluationId}`)}>
              {t('quality.evaluations.open')}
            </Button>
          ) : null}
          {manage ? (
            <Popconfirm title={t('quality.examples.deleteConfirm')} onConfirm={() => remove.mutate(e.id)}>
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('quality.examples.delete')} />
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        {manage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid={QUALITY_IDS.exampleCreate}
          >
            {t('quality.examples.add')}
          </Button>
        ) : null}
        <Button icon={<ReloadOutlined />} onClick={() => void examples.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {examples.isError ? (
        <QueryError message={errorMessage(examples.error)} onRetry={() => void examples.refetch()} />
      ) : null}
      <Table<Example>
        rowKey="id"
        data-testid={QUALITY_IDS.examples}
        columns={columns}
        dataSource={examples.data}
        loading={examples.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: examples.isLoading || examples.isError ? ' ' : <Empty description={t('quality.examples.empty')} />,
        }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
      {creating ? <ExampleDialog onClose={() => setCreating(false)} /> : null}
      {listening ? <ExamplePlayer example={listening} onClose={() => setListening(undefined)} /> : null}
    </>
  );
}

/** An example's recording in a dialog: fetched once when opened (every fetch is audited). */
function ExamplePlayer({ example, onClose }: { example: Example; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const recording = useQuery({
    // Outside ['quality']: a quality event must not fetch (and audit) the recording again.
    queryKey: ['quality-example-recording', example.id],
    queryFn: ({ signal }) => fetchExampleRecording(example.id, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!recording.data) return;
    const u = URL.createObjectURL(recording.data);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [recording.data]);
  return (
    <Modal open title={example.title} onCancel={onClose} footer={null} destroyOnHidden>
      {recording.isError ? (
        <Alert
          type="warning"
          showIcon
          title={t('quality.examples.listenFailed')}
          description={errorMessage(recording.error)}
        />
      ) : url ? (
        // biome-ignore lint/a11y/useMediaCaption: a call recording has no caption track (the transcript is on the evaluation)
        <audio controls autoPlay src={url} style={{ width: '100%' }} data-testid={QUALITY_IDS.examplePlayer} />
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
    </Modal>
  );
}
