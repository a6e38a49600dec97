import { useMutation } from '@tanstack/react-query';
import { Button, Card, Checkbox, Empty, Flex, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationComment, EvaluationDetail } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { FormError } from '../../ui/form-error';
import { formatDuration } from '../../ui/recording';
import { addComment } from './api';
import { Moment } from './contact-panel';
import { QUALITY_IDS } from './testids';

/**
 * Comments on the evaluation, each at a moment of the recording (the player's position when it was
 * written) or on the whole; clicking a moment moves the player there.
 */
export function CommentsPanel({
  evaluation,
  comments,
  canComment,
  currentMs,
  onSeek,
  onAdded,
}: {
  evaluation: Pick<EvaluationDetail, 'id'>;
  comments: readonly EvaluationComment[];
  canComment: boolean;
  /** The player's position; absent without a recording. */
  currentMs?: () => number;
  onSeek?: (ms: number) => void;
  onAdded: (detail: EvaluationDetail) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const [atTime, setAtTime] = useState(true);
  const [, rerender] = useState(0);
  const add = useMutation({
    mutationFn: () =>
      addComment(evaluation.id, {
        text: text.trim(),
        atMs: currentMs && atTime ? currentMs() : null,
      }),
    onSuccess: (detail) => {
      setText('');
      onAdded(detail);
    },
  });
  const moment = currentMs ? formatDuration(currentMs()) : undefined;

  return (
    <Card size="small" title={t('quality.comments.title')} data-testid={QUALITY_IDS.comments}>
      {comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.comments.empty')} />
      ) : (
        <List
          size="small"
          dataSource={[...comments]}
          renderItem={(c) => (
            <List.Item data-testid={QUALITY_IDS.comment(c.id)}>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Flex gap={8} align="baseline" wrap>
                  <Moment ms={c.atMs} onSeek={onSeek} />
                  <Typography.Text strong>{c.authorName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTime value={c.createdAt} />
                  </Typography.Text>
                </Flex>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canComment ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <FormError message={add.isError ? errorMessage(add.error) : undefined} />
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            // The moment is read when the box is used, so the label follows the player.
            onFocus={() => rerender((n) => n + 1)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder={t('quality.comments.placeholder')}
            aria-label={t('quality.comments.placeholder')}
            data-testid={QUALITY_IDS.commentInput}
          />
          <Flex justify="space-between" align="center" gap={8} wrap>
            {currentMs ? (
              <Checkbox checked={atTime} onChange={(e) => setAtTime(e.target.checked)}>
                {t('quality.comments.atTime', { time: moment })}
              </Checkbox>
            ) : (
              <span />
            )}
            <Button
              type="primary"
              disabled={!text.trim()}
              loading={add.isPending}
              onClick={() => add.mutate()}
              data-testid={QUALITY_IDS.commentAdd}
            >
              {t('quality.comments.add')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </Card>
  );
}
