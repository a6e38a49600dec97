import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, type ButtonProps, Flex, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyAnnouncement } from '../../../../contracts/announcements';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { ArticleBody } from '../../ui/knowledge-article';
import { useConfirmAnnouncement, useMarkRead, usePendingAnnouncements } from './knowledge-api';
import { DESKTOP_IDS } from './testids';

/**
 * 公告板 on the desktop: each announcement waiting for the agent's confirmation stays here until
 * confirmed (with its quiz answered right, when it has one).
 */
export function AnnouncementsBanner() {
  const { t } = useTranslation();
  const pending = usePendingAnnouncements();
  const markRead = useMarkRead();
  const [open, setOpen] = useState<MyAnnouncement>();
  const items = pending.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Flex vertical gap={8} data-testid={DESKTOP_IDS.announcements}>
      {items.map((a) => (
        <Alert
          key={a.id}
          type="warning"
          showIcon
          icon={<NotificationOutlined />}
          data-testid={DESKTOP_IDS.announcement}
          data-announcement-id={a.id}
          title={
            <Space wrap>
              <Typography.Text strong>{a.title}</Typography.Text>
              <Typography.Text type="secondary">
                {a.sender.name} · <DateTime value={a.publishedAt} />
              </Typography.Text>
            </Space>
          }
          action={
            <Button
              size="small"
              type="primary"
              onClick={() => {
                setOpen(a);
                if (!a.readAt) markRead.mutate(a.id);
              }}
              data-testid={DESKTOP_IDS.announcementOpen}
            >
              {t('desktopKnowledge.announcement.open')}
            </Button>
          }
        />
      ))}
      {open ? <ConfirmDialog announcement={open} onClose={() => setOpen(undefined)} /> : null}
    </Flex>
  );
}

function ConfirmDialog({ announcement: a, onClose }: { announcement: MyAnnouncement; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const confirm = useConfirmAnnouncement(a.id);
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => a.quiz.map(() => undefined));
  const [wrong, setWrong] = useState<number[]>([]);
  const complete = answers.every((x) => x !== undefined);
  return (
    <Modal
      open
      title={a.title}
      onCancel={onClose}
      width={640}
      okText={t('desktopKnowledge.announcement.confirm')}
      okButtonProps={{ disabled: !complete, 'data-testid': DESKTOP_IDS.announcementConfirm } as ButtonProps}
      confirmLoading={confirm.isPending}
      onOk={() =>
        confirm.mutate(
          answers.map((x) => x ?? -1),
          {
            onSuccess: (r) => {
              if (r.confirmed) onClose();
              else setWrong(r.wrong);
            },
          },
        )
      }
    >
      <Flex vertical gap={12}>
        <ArticleBody html={a.body} />
        {a.quiz.length > 0 ? (
          <Flex vertical gap={12}>
            <Typography.Text strong>{t('desktopKnowledge.announcement.quiz')}</Typography.Text>
            {a.quiz.map((q, i) => (
              <div key={q.text}>
                <Typography.Text type={wrong.includes(i) ? 'danger' : undefined}>
                  {i + 1}. {q.text}
                </Typography.Text>
                <Radio.Group
                  style={{ display: 'flex', flexDirection: 'column', marginTop: 4 }}
                  value={answers[i]}
                  onChange={(e) => {
                    setAnswers((xs) => xs.map((x, j) => (j === i ? (e.target.value as number) : x)));
                    setWrong((w) => w.filter((j) => j !== i));
                  }}
                  data-testid={DESKTOP_IDS.announcementQuestion(i)}
                >
                  {q.options.map((o, j) => (
                    <Radio key={o} value={j}>
                      {o}
                    </Radio>
                  ))}
                </Radio.Group>
              </div>
            ))}
            {wrong.length > 0 ? (
              <Alert type="error" showIcon title={t('desktopKnowledge.announcement.wrong', { count: wrong.length })} />
            ) : null}
          </Flex>
        ) : null}
        {confirm.error ? <Alert type="error" showIcon title={errorMessage(confirm.error)} /> : null}
      </Flex>
    </Modal>
  );
}
