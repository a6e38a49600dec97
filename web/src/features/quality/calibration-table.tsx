import { Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Calibration, ItemAnswer, ScorecardItem } from '../../../../contracts/quality';
import { answerText } from './answer-input';
import { answerChoices, differs } from './calibration';
import { QUALITY_IDS } from './testids';

type Contact = NonNullable<Calibration['contacts']>[number];
type Row = Contact['items'][number];

/**
 * Per item of one contact: each evaluator's answer (those differing from the consensus in red), the
 * consensus — the agreed answer the facilitator may change before closing — and how many disagree.
 */
export function DisagreementTable({
  contact,
  evaluators,
  items,
  editable,
  chosen,
  onChoose,
}: {
  contact: Contact;
  evaluators: Calibration['evaluators'];
  items: readonly ScorecardItem[];
  editable: boolean;
  chosen: Record<string, ItemAnswer>;
  onChoose: (item: string, value: ItemAnswer) => void;
}) {
  const { t } = useTranslation();
  const itemBy = new Map(items.map((i) => [i.key, i]));
  const text = (row: Row, a: ItemAnswer | null | undefined) => answerText(t, itemBy.get(row.item), a);
  const columns: TableColumnsType<Row> = [
    { key: 'item', title: t('quality.calibration.item'), dataIndex: 'label', fixed: 'left' },
    ...evaluators.map((e) => ({
      key: e.id,
      title: e.name,
      render: (_v: unknown, row: Row) => {
        const a = row.answers[e.id];
        if (a === undefined) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        // Split without a consensus (1–1): every answer in it is in question, none is "the wrong one".
        const split = row.consensus === null && row.disagree > 0;
        return <Tag color={split ? 'orange' : differs(row.consensus, a) ? 'red' : 'default'}>{text(row, a)}</Tag>;
      },
    })),
    {
      key: 'consensus',
      title: editable ? t('quality.calibration.agreed') : t('quality.calibration.consensus'),
      render: (_v, row) => {
        const choices = answerChoices(row);
        if (!editable || choices.length === 0)
          return (
            <span data-testid={QUALITY_IDS.calibrationConsensus(contact.contactId, row.item)}>
              {row.consensus === null && row.disagree > 0 ? (
                <Typography.Text type="warning">{t('quality.calibration.split')}</Typography.Text>
              ) : (
                text(row, row.consensus)
              )}
            </span>
          );
        const current = chosen[row.item] ?? row.consensus;
        return (
          <Select
            size="small"
            style={{ minWidth: 110 }}
            value={current === null ? undefined : String(current)}
            placeholder={t('quality.calibration.split')}
            status={current === null ? 'warning' : undefined}
            onChange={(v: string) => {
              const picked = choices.find((c) => String(c) === v);
              if (picked !== undefined) onChoose(row.item, picked);
            }}
            options={choices.map((c) => ({ value: String(c), label: text(row, c) }))}
            aria-label={t('quality.calibration.agreedFor', { item: row.label })}
            data-testid={QUALITY_IDS.calibrationConsensus(contact.contactId, row.item)}
          />
        );
      },
    },
    {
      key: 'disagree',
      title: t('quality.calibration.disagree'),
      align: 'right',
      render: (_v, row) => (
        <span data-testid={QUALITY_IDS.calibrationDisagree(contact.contactId, row.item)}>
          {row.disagree > 0 ? (
            <Tag color="red">{row.disagree}</Tag>
          ) : (
            <Typography.Text type="secondary">0</Typography.Text>
          )}
        </span>
      ),
    },
  ];
  return (
    <Table<Row>
      size="small"
      rowKey="item"
      columns={columns}
      dataSource={contact.items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={QUALITY_IDS.calibrationItems(contact.contactId)}
      rowClassName={(row) => (row.disagree > 0 ? 'ant-table-row-selected' : '')}
    />
  );
}
