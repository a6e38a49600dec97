import { DeleteOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Popconfirm, Progress, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSummary } from '../../../../contracts/calls';
import type { TicketAttachment } from '../../../../contracts/tickets';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { formatDuration, RecordingAudio } from '../../ui/recording';
import {
  attachmentUrl,
  deleteAttachment,
  uploadAttachment,
  useAttachments,
  useInvalidateTickets,
  useLinkedCalls,
} from './api';
import { TICKETS_IDS } from './testids';

/** 1536 → "1.5 KB": sizes as people read them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** 附件: the order's files, an upload with progress for whoever may work it, download and delete. */
export function Attachments({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const list = useAttachments(ticketId);
  const [progress, setProgress] = useState<{ name: string; percent: number }>();
  const me = session.me?.user.id;
  const mayDelete = (a: TicketAttachment) => session.can('tickets.manage') || a.uploadedBy === me;

  const upload = async (file: File) => {
    setProgress({ name: file.name, percent: 0 });
    try {
      await uploadAttachment(ticketId, file, (percent) => setProgress({ name: file.name, percent }));
      void message.success(t('tickets.attachments.uploaded', { name: file.name }));
    } catch (error) {
      void message.error(`${file.name}: ${errorMessage(error)}`);
    } finally {
      setProgress(undefined);
      invalidate();
    }
  };
  const remove = async (a: TicketAttachment) => {
    try {
      await deleteAttachment(ticketId, a.id);
      void message.success(t('tickets.attachments.deleted', { name: a.fileName }));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      invalidate();
    }
  };

  return (
    <Card
      size="small"
      title={t('tickets.attachments.title')}
      style={{ marginBottom: 16 }}
      data-testid={TICKETS_IDS.attachments}
      extra={
        session.can('tickets.work') ? (
          <Upload
            showUploadList={false}
            multiple
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={progress !== undefined}
              data-testid={TICKETS_IDS.attachmentUpload}
            >
              {t('tickets.attachments.upload')}
            </Button>
          </Upload>
        ) : null
      }
    >
      {progress ? (
        <Flex vertical style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{progress.name}</Typography.Text>
          <Progress percent={progress.percent} size="small" />
        </Flex>
      ) : null}
      {list.isError ? <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : null}
      <List
        dataSource={list.data ?? []}
        loading={list.isLoading}
        locale={{ emptyText: t('tickets.attachments.empty') }}
        renderItem={(a) => (
          <List.Item
            data-testid={TICKETS_IDS.attachment}
            actions={[
              <Button
                key="download"
                size="small"
                type="link"
                icon={<DownloadOutlined />}
                href={attachmentUrl(ticketId, a.id, true)}
                download={a.fileName}
                aria-label={t('tickets.attachments.download')}
              />,
              ...(mayDelete(a)
                ? [
                    <Popconfirm
                      key="delete"
                      title={t('tickets.attachments.confirmDelete', { name: a.fileName })}
                      okText={t('tickets.attachments.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove(a)}
                    >
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('tickets.attachments.delete')}
                      />
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <List.Item.Meta
              avatar={<PaperClipOutlined />}
              title={
                <Typography.Link href={attachmentUrl(ticketId, a.id)} target="_blank" rel="noopener noreferrer">
                  {a.fileName}
                </Typography.Link>
              }
              description={
                <Flex gap={8} wrap align="center">
                  <span>{formatBytes(a.size)}</span>
                  <Tag>{t(`tickets.attachments.kind.${kindOf(a.contentType)}`)}</Tag>
                  <span>{a.uploadedByName ?? t('tickets.system')}</span>
                  <DateTime value={a.createdAt} />
                </Flex>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A type in words rather than a MIME string. */
function kindOf(contentType: string): 'image' | 'pdf' | 'text' | 'spreadsheet' | 'document' | 'presentation' | 'other' {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType.startsWith('text/')) return 'text';
  if (/sheet|excel/.test(contentType)) return 'spreadsheet';
  if (/presentation|powerpoint/.test(contentType)) return 'presentation';
  if (/word|opendocument\.text|rtf/.test(contentType)) return 'document';
  return 'other';
}

/** 关联通话: the calls of the order's linked contacts, with the recording for whoever may listen. */
export function LinkedCalls({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const calls = useLinkedCalls(ticketId);
  const none = t('common.none');
  const columns = [
    {
      key: 'startedAt',
      title: t('calls.col.startedAt'),
      render: (_: unknown, c: CallSummary) => <DateTime value={c.startedAt} />,
    },
    {
      key: 'direction',
      title: t('calls.direction'),
      render: (_: unknown, c: CallSummary) => t(`calls.directions.${c.direction}`),
    },
    {
      key: 'talk',
      title: t('calls.col.talk'),
      render: (_: unknown, c: CallSummary) => formatDuration(c.talkMs) ?? none,
    },
    {
      key: 'agent',
      title: t('calls.col.agent'),
      render: (_: unknown, c: CallSummary) =>
        c.agents.length ? c.agents.map((a) => a.name ?? a.userId.slice(-8)).join('、') : none,
    },
    {
      key: 'endReason',
      title: t('calls.col.endReason'),
      render: (_: unknown, c: CallSummary) => (c.endReason ? t(`calls.endReason.${c.endReason}`) : none),
    },
  ];
  return (
    <Card
      size="small"
      title={t('tickets.linkedCalls.title')}
      style={{ marginBottom: 16 }}
      data-testid={TICKETS_IDS.linkedCalls}
    >
      {calls.isError ? <QueryError message={errorMessage(calls.error)} onRetry={() => void calls.refetch()} /> : null}
      {calls.data && calls.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.noContacts')} />
      ) : (
        <Table<CallSummary>
          rowKey="id"
          size="small"
          loading={calls.isLoading}
          columns={columns}
          dataSource={calls.data ?? []}
          pagination={false}
          expandable={{
            rowExpandable: (c) => c.recordingId !== null,
            expandedRowRender: (c) =>
              !c.recordingId ? null : session.can('recordings.listen') ? (
                <RecordingAudio id={c.recordingId} label={t('calls.recording')} testId={TICKETS_IDS.callRecording} />
              ) : (
                <Typography.Text type="secondary">{t('calls.recordingNoPermission')}</Typography.Text>
              ),
          }}
        />
      )}
    </Card>
  );
}
