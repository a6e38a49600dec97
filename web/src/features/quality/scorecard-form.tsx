import { CheckOutlined, RobotOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Answers, ItemAnswer, ItemKind, ScorecardContent, ScorecardItem } from '../../../../contracts/quality';
import { AnswerInput, answerText } from './answer-input';
import { QUALITY_IDS } from './testids';

export const KIND_COLOR: Record<ItemKind, string> = {
  required: 'blue',
  bonus: 'green',
  deduction: 'orange',
  fatal: 'red',
};

/** What an item weighs, in the words of its kind: 权重 10 / +5 分 / −5 分 / 致命. */
export function ItemWeight({ item }: { item: ScorecardItem }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLOR[item.kind]}>
      {t(`quality.itemKind.${item.kind}`)}
      {item.kind === 'fatal' ? '' : ` · ${t(`quality.weight.${item.kind}`, { count: item.weight })}`}
    </Tag>
  );
}

type Props = {
  content: ScorecardContent;
  answers: Answers;
  /** Absent: read-only (answers shown as text). */
  onAnswer?: (key: string, value: ItemAnswer) => void;
  /** Items the automatic checks pre-filled that the evaluator has not confirmed yet. */
  unconfirmed?: ReadonlySet<string>;
  onConfirm?: (key: string) => void;
  errors?: Record<string, string>;
  /** Items to mark (an appeal's disputed items). */
  marked?: ReadonlySet<string>;
  failed?: ReadonlySet<string>;
};

/** A scorecard's sections and items with their guidance (评分标准), answered or shown. */
export function ScorecardForm({
  content,
  answers,
  onAnswer,
  unconfirmed,
  onConfirm,
  errors = {},
  marked,
  failed,
}: Props) {
  const { t } = useTranslation();
  const errorText = (message: string) =>
    message === 'not answered' ? t('quality.evaluation.notAnswered') : t('quality.evaluation.badAnswer', { message });
  return (
    <Flex vertical gap={12}>
      {content.sections.map((section) => (
        <Card key={section.key} size="small" title={section.title}>
          <Flex vertical gap={16}>
            {section.items.map((item) => {
              const error = errors[item.key];
              const suggested = unconfirmed?.has(item.key);
              return (
                <div
                  key={item.key}
                  data-testid={QUALITY_IDS.item(item.key)}
                  style={{
                    borderLeft: `3px solid ${error ? '#ff4d4f' : marked?.has(item.key) ? '#faad14' : 'transparent'}`,
                    paddingLeft: 10,
                  }}
                >
                  <Flex justify="space-between" gap={8} wrap align="baseline">
                    <Typography.Text strong>{item.label}</Typography.Text>
                    <Flex gap={4} wrap>
                      {marked?.has(item.key) ? <Tag color="gold">{t('quality.appeal.disputed')}</Tag> : null}
                      <ItemWeight item={item} />
                    </Flex>
                  </Flex>
                  {item.guidance ? (
                    <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', fontSize: 13 }}>
                      {item.guidance}
                    </Typography.Paragraph>
                  ) : null}
                  {onAnswer ? (
                    <AnswerInput
                      item={item}
                      value={answers[item.key]}
                      onChange={(v) => onAnswer(item.key, v)}
                      ids={{ answer: QUALITY_IDS.answer, points: QUALITY_IDS.points }}
                    />
                  ) : (
                    <Tag color={failed?.has(item.key) ? 'red' : answers[item.key] === 'na' ? 'default' : 'green'}>
                      {answerText(t, item, answers[item.key])}
                    </Tag>
                  )}
                  {suggested ? (
                    <Flex gap={8} align="center" style={{ marginTop: 6 }} data-testid={QUALITY_IDS.suggested(item.key)}>
                      <Tag icon={<RobotOutlined />} color="processing">
                        {t('quality.evaluation.suggested')}
                      </Tag>
                      {onConfirm ? (
                        <Button
                          size="small"
                          icon={<CheckOutlined />}
                          onClick={() => onConfirm(item.key)}
                          data-testid={QUALITY_IDS.confirmSuggestion(item.key)}
                        >
                          {t('quality.evaluation.confirm')}
                        </Button>
                      ) : null}
                    </Flex>
                  ) : null}
                  {error ? (
                    <Typography.Text type="danger" role="alert" data-testid={QUALITY_IDS.itemError(item.key)}>
                      {errorText(error)}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            })}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
