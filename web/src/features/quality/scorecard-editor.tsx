import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { FormListOperation } from 'antd/es/form';
import { type CSSProperties, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ANSWER_TYPES, ITEM_KINDS, type ItemKind } from '../../../../contracts/quality';
import { KIND_COLOR } from './scorecard-form';
import {
  answerTypesFor,
  baseShare,
  type ContentValues,
  type ItemValues,
  KEY_PATTERN,
  newItem,
  newSection,
  plannedKeys,
  type SectionValues,
  weightSummary,
} from './scorecard-values';
import { useRules } from './settings-api';
import { QUALITY_IDS } from './testids';

/** Where the editor's values sit in the dialog's form: the contract's path, so server errors land. */
export const SECTIONS = ['content', 'sections'] as const;
const itemPath = (s: number, i: number) => [...SECTIONS, s, 'items', i];

type RuleOption = { value: string; label: string };

/** The kinds' colours of the evaluation screen's tags (scorecard-form.tsx), as a stripe. */
const STRIPE: Record<ItemKind, string> = {
  required: '#1677ff',
  bonus: '#52c41a',
  deduction: '#fa8c16',
  fatal: '#ff4d4f',
};

/** The live totals and the formula: what a weight means, without reading the docs. */
function Formula({ content }: { content: ContentValues | undefined }) {
  const { t } = useTranslation();
  const w = weightSummary(content);
  return (
    <Alert
      type="info"
      data-testid={QUALITY_IDS.scorecardFormula}
      title={t('qualityAdmin.scorecards.editor.formulaTitle')}
      description={
        <Flex vertical gap={2} style={{ fontVariantNumeric: 'tabular-nums' }}>
          <Typography.Text>{t('qualityAdmin.scorecards.editor.formulaBase')}</Typography.Text>
          <Typography.Text>{t('qualityAdmin.scorecards.editor.formulaScore')}</Typography.Text>
          <Typography.Text
            strong
            type={w.requiredCount ? undefined : 'danger'}
            data-testid={QUALITY_IDS.scorecardRequiredTotal}
          >
            {w.requiredCount
              ? t('qualityAdmin.scorecards.editor.requiredTotal', { count: w.requiredCount, total: w.requiredTotal })
              : t('qualityAdmin.scorecards.editor.noRequired')}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('qualityAdmin.scorecards.editor.others', {
              bonus: w.bonusMax,
              deductions: w.deductionMax,
              fatal: w.fatalCount,
            })}
          </Typography.Text>
        </Flex>
      }
    />
  );
}

/** Up, down and remove for a section or an item. */
function MoveButtons({
  index,
  count,
  move,
  remove,
  ids,
  removeLabel,
  confirm,
}: {
  index: number;
  count: number;
  move: FormListOperation['move'];
  remove: () => void;
  ids: { up: string; down: string; remove: string };
  removeLabel: string;
  /** Ask before removing (a whole section). */
  confirm?: string;
}) {
  const { t } = useTranslation();
  const removeButton = (
    <Button
      size="small"
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={removeLabel}
      title={removeLabel}
      onClick={confirm ? undefined : remove}
      data-testid={ids.remove}
    />
  );
  return (
    <Space size={0}>
      <Button
        size="small"
        type="text"
        icon={<ArrowUpOutlined />}
        disabled={index === 0}
        onClick={() => move(index, index - 1)}
        aria-label={t('qualityAdmin.scorecards.editor.moveUp')}
        title={t('qualityAdmin.scorecards.editor.moveUp')}
        data-testid={ids.up}
      />
      <Button
        size="small"
        type="text"
        icon={<ArrowDownOutlined />}
        disabled={index === count - 1}
        onClick={() => move(index, index + 1)}
        aria-label={t('qualityAdmin.scorecards.editor.moveDown')}
        title={t('qualityAdmin.scorecards.editor.moveDown')}
        data-testid={ids.down}
      />
      {confirm ? (
        <Popconfirm title={confirm} onConfirm={remove}>
          {removeButton}
        </Popconfirm>
      ) : (
        removeButton
      )}
    </Space>
  );
}

const field: CSSProperties = { marginBottom: 8 };

function ItemFields({
  section,
  index,
  name,
  count,
  move,
  remove,
  requiredTotal,
  plannedKey,
  ruleOptions,
}: {
  section: number;
  index: number;
  /** The item's name inside its section's list. */
  name: number;
  count: number;
  move: FormListOperation['move'];
  remove: () => void;
  requiredTotal: number;
  plannedKey: string | undefined;
  ruleOptions: RuleOption[];
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const item = Form.useWatch(itemPath(section, index), { form, preserve: true }) as ItemValues | undefined;
  const kind = item?.kind;
  const id = (f: Parameters<typeof QUALITY_IDS.scorecardItemField>[2]) =>
    QUALITY_IDS.scorecardItemField(section, index, f);
  const allowed = answerTypesFor(kind);
  const weightKind: ItemKind = kind ?? 'required';

  /** A kind that does not allow the answer type falls back to pass / fail; a fatal item has no weight. */
  const onKind = (next: ItemKind) => {
    const path = itemPath(section, index);
    const answerType = form.getFieldValue([...path, 'answerType']);
    if (!answerTypesFor(next).includes(answerType)) form.setFieldValue([...path, 'answerType'], 'pass_fail');
    if (next !== 'fatal' && !form.getFieldValue([...path, 'weight'])) form.setFieldValue([...path, 'weight'], null);
    // The list's own check (a scorecard needs a required item) follows the kinds.
    void form.validateFields([[...SECTIONS]]).catch(() => undefined);
  };

  return (
    <div
      data-testid={QUALITY_IDS.scorecardItem(section, index)}
      style={{
        border: '1px solid #f0f0f0',
        borderLeft: `3px solid ${kind ? STRIPE[kind] : '#d9d9d9'}`,
        borderRadius: 6,
        padding: '4px 12px 0',
        background: '#fafafa',
      }}
    >
      <Flex justify="space-between" align="center">
        <Flex gap={6} align="center">
          <Typography.Text type="secondary">{index + 1}.</Typography.Text>
          {kind ? (
            <Tag color={KIND_COLOR[kind]} style={{ marginInlineEnd: 0 }}>
              {t(`quality.itemKind.${kind}`)}
              {kind !== 'fatal' && typeof item?.weight === 'number'
                ? ` · ${t(`quality.weight.${kind}`, { count: item.weight })}`
                : ''}
            </Tag>
          ) : null}
        </Flex>
        <MoveButtons
          index={index}
          count={count}
          move={move}
          remove={remove}
          removeLabel={t('qualityAdmin.scorecards.editor.removeItem')}
          ids={{ up: id('up'), down: id('down'), remove: id('remove') }}
        />
      </Flex>
      <Row gutter={12}>
        <Col xs={24} md={9}>
          <Form.Item
            name={[name, 'label']}
            label={t('qualityAdmin.scorecards.editor.label')}
            rules={[{ required: true, whitespace: true }, { max: 200 }]}
            style={field}
          >
            <Input
              maxLength={200}
              placeholder={t('qualityAdmin.scorecards.editor.labelPlaceholder')}
              data-testid={id('label')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={[name, 'kind']}
            label={t('qualityAdmin.scorecards.editor.kind')}
            tooltip={t('qualityAdmin.scorecards.editor.kindHint')}
            rules={[{ required: true }]}
            style={field}
          >
            <Select<ItemKind>
              onChange={onKind}
              options={ITEM_KINDS.map((k) => ({ value: k, label: t(`quality.itemKind.${k}`) }))}
              data-testid={id('kind')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          {kind === 'fatal' ? (
            <Form.Item
              label={t('qualityAdmin.scorecards.editor.weight.fatal')}
              tooltip={t('qualityAdmin.scorecards.editor.weightHint.fatal')}
              style={field}
            >
              <Typography.Text type="danger" style={{ lineHeight: '32px' }}>
                {t('qualityAdmin.scorecards.editor.fatalZero')}
              </Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item
              name={[name, 'weight']}
              label={t(`qualityAdmin.scorecards.editor.weight.${weightKind}`)}
              tooltip={t(`qualityAdmin.scorecards.editor.weightHint.${weightKind}`)}
              rules={[
                { required: true, message: t('qualityAdmin.scorecards.editor.weightMin') },
                { type: 'integer', min: 1, max: 100, message: t('qualityAdmin.scorecards.editor.weightMin') },
              ]}
              extra={
                kind === 'required' ? (
                  <span data-testid={id('share')}>
                    {t('qualityAdmin.scorecards.editor.share', {
                      share: baseShare(typeof item?.weight === 'number' ? item.weight : 0, requiredTotal),
                    })}
                  </span>
                ) : undefined
              }
              style={field}
            >
              <InputNumber
                min={1}
                max={100}
                precision={0}
                style={{ width: '100%' }}
                prefix={kind === 'bonus' ? '+' : kind === 'deduction' ? '−' : undefined}
                suffix={kind === 'required' ? undefined : t('qualityAdmin.scorecards.editor.points')}
                data-testid={id('weight')}
              />
            </Form.Item>
          )}
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={[name, 'answerType']}
            label={t('qualityAdmin.scorecards.editor.answerType')}
            tooltip={t('qualityAdmin.scorecards.editor.answerTypeHint')}
            rules={[
              { required: true },
              {
                // The kind as it is now (this closure may predate the change that set off the check).
                validator: async (_r, value) => {
                  const now = form.getFieldValue([...itemPath(section, index), 'kind']) as ItemKind | undefined;
                  if (value && !answerTypesFor(now).includes(value))
                    throw new Error(t('qualityAdmin.scorecards.editor.answerTypeKind'));
                },
              },
            ]}
            dependencies={[[...itemPath(section, index), 'kind']]}
            style={field}
          >
            <Select
              options={ANSWER_TYPES.map((a) => ({
                value: a,
                label: t(`qualityAdmin.answerType.${a}`),
                disabled: !allowed.includes(a),
              }))}
              data-testid={id('answerType')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          {item?.answerType === 'scale' ? (
            <Form.Item
              name={[name, 'scaleMax']}
              label={t('qualityAdmin.scorecards.editor.scaleMax')}
              rules={[
                { required: true, message: t('qualityAdmin.scorecards.editor.scaleMaxRange') },
                { type: 'integer', min: 2, max: 10, message: t('qualityAdmin.scorecards.editor.scaleMaxRange') },
              ]}
              style={field}
            >
              <InputNumber min={2} max={10} precision={0} style={{ width: '100%' }} data-testid={id('scaleMax')} />
            </Form.Item>
          ) : null}
        </Col>
        <Col xs={24} md={9}>
          <Form.Item
            name={[name, 'guidance']}
            label={t('qualityAdmin.scorecards.editor.guidance')}
            rules={[{ max: 2000 }]}
            style={field}
          >
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 6 }}
              maxLength={2000}
              placeholder={t('qualityAdmin.scorecards.editor.guidancePlaceholder')}
              data-testid={id('guidance')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item
            name={[name, 'autoCheck']}
            label={t('qualityAdmin.scorecards.editor.autoCheck')}
            tooltip={t('qualityAdmin.scorecards.editor.autoCheckHint')}
            getValueProps={(v) => ({ value: v ?? undefined })}
            normalize={(v) => v ?? null}
            extra={
              item?.autoCheck && item.answerType !== 'pass_fail'
                ? t('qualityAdmin.scorecards.editor.autoCheckPassFailOnly')
                : undefined
            }
            style={field}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('qualityAdmin.scorecards.editor.autoCheckNone')}
              options={ruleOptions}
              popupMatchSelectWidth={false}
              data-testid={id('autoCheck')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} md={5}>
          <Form.Item
            name={[name, 'key']}
            label={t('qualityAdmin.scorecards.editor.key')}
            tooltip={t('qualityAdmin.scorecards.editor.keyHint')}
            rules={[
              { pattern: KEY_PATTERN, message: t('qualityAdmin.rules.keyRule') },
              {
                validator: async (_r, value: string | undefined) => {
                  const key = value?.trim();
                  if (!key) return;
                  const sections = (form.getFieldValue([...SECTIONS]) ?? []) as SectionValues[];
                  const same = sections.flatMap((s) => s?.items ?? []).filter((i) => i?.key?.trim() === key);
                  if (same.length > 1) throw new Error(t('qualityAdmin.scorecards.editor.keyTaken'));
                },
              },
            ]}
            style={field}
          >
            <Input
              disabled={item?.locked}
              placeholder={plannedKey ? t('qualityAdmin.scorecards.editor.keyAuto', { key: plannedKey }) : undefined}
              maxLength={40}
              spellCheck={false}
              suffix={
                item?.locked ? (
                  <Tooltip title={t('qualityAdmin.scorecards.editor.keyLocked')}>
                    <LockOutlined aria-label={t('qualityAdmin.scorecards.editor.keyLocked')} />
                  </Tooltip>
                ) : undefined
              }
              data-testid={id('key')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} md={4}>
          <Form.Item
            name={[name, 'allowNa']}
            label={t('qualityAdmin.scorecards.editor.allowNa')}
            tooltip={t('qualityAdmin.scorecards.editor.allowNaHint')}
            valuePropName="checked"
            style={field}
          >
            <Switch data-testid={id('allowNa')} />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}

function SectionCard({
  index,
  name,
  count,
  move,
  remove,
  requiredTotal,
  planned,
  ruleOptions,
}: {
  index: number;
  name: number;
  count: number;
  move: FormListOperation['move'];
  remove: () => void;
  requiredTotal: number;
  planned: string[] | undefined;
  ruleOptions: RuleOption[];
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const items = (Form.useWatch([...SECTIONS, index, 'items'], { form, preserve: true }) ?? []) as unknown[];
  const id = (f: Parameters<typeof QUALITY_IDS.scorecardSectionField>[1]) =>
    QUALITY_IDS.scorecardSectionField(index, f);
  return (
    <Card
      size="small"
      data-testid={QUALITY_IDS.scorecardSection(index)}
      title={t('qualityAdmin.scorecards.editor.section', { n: index + 1 })}
      extra={
        <MoveButtons
          index={index}
          count={count}
          move={move}
          remove={remove}
          removeLabel={t('qualityAdmin.scorecards.editor.removeSection')}
          confirm={t('qualityAdmin.scorecards.editor.removeSectionConfirm', { count: items.length })}
          ids={{ up: id('up'), down: id('down'), remove: id('remove') }}
        />
      }
    >
      <Form.Item
        name={[name, 'title']}
        label={t('qualityAdmin.scorecards.editor.sectionTitle')}
        rules={[{ required: true, whitespace: true }, { max: 200 }]}
        style={{ marginBottom: 12 }}
      >
        <Input
          maxLength={200}
          placeholder={t('qualityAdmin.scorecards.editor.sectionTitlePlaceholder')}
          data-testid={id('title')}
        />
      </Form.Item>
      <Form.List
        name={[name, 'items']}
        rules={[
          {
            validator: async (_r, list: unknown[] | undefined) => {
              if (!list?.length) throw new Error(t('qualityAdmin.scorecards.editor.needItem'));
            },
          },
        ]}
      >
        {(fields, { add, remove: removeItem, move: moveItem }, { errors }) => (
          <Flex vertical gap={8}>
            {fields.map((f, i) => (
              <ItemFields
                key={f.key}
                section={index}
                index={i}
                name={f.name}
                count={fields.length}
                move={moveItem}
                remove={() => removeItem(f.name)}
                requiredTotal={requiredTotal}
                plannedKey={planned?.[i]}
                ruleOptions={ruleOptions}
              />
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add(newItem())}
              data-testid={id('add-item')}
              block
            >
              {t('qualityAdmin.scorecards.editor.addItem')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}

/**
 * The scorecard's content as a form (the default over the JSON text): sections of items, each with
 * its kind, weight, answer type, N/A, guidance, automatic check and key; the formula and the live
 * totals above. Lives inside the dialog's <Form> under `content`.
 */
export function ScorecardEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const content = Form.useWatch('content', { form, preserve: true }) as ContentValues | undefined;
  const rules = useRules();
  const requiredTotal = weightSummary(content).requiredTotal;
  const planned = useMemo(() => plannedKeys(content ?? { sections: [] }), [content]);
  const ruleOptions = useMemo<RuleOption[]>(
    () =>
      (rules.data?.rules ?? []).map((r) => ({
        value: r.key,
        label: `${r.label} · ${t(`qualityAdmin.ruleKind.${r.kind}`)}${
          r.enabled ? '' : ` (${t('qualityAdmin.scorecards.editor.ruleDisabled')})`
        }`,
      })),
    [rules.data, t],
  );
  return (
    <Flex vertical gap={12} data-testid={QUALITY_IDS.scorecardEditor}>
      <Formula content={content} />
      <Form.List
        name={[...SECTIONS]}
        rules={[
          {
            validator: async (_r, sections: SectionValues[] | undefined) => {
              if (!sections?.length) throw new Error(t('qualityAdmin.scorecards.editor.needSection'));
              if (!sections.some((s) => s?.items?.some((i) => i?.kind === 'required')))
                throw new Error(t('qualityAdmin.scorecards.editor.noRequired'));
            },
          },
        ]}
      >
        {(fields, { add, remove, move }, { errors }) => (
          <Flex vertical gap={12}>
            {fields.map((f, i) => (
              <SectionCard
                key={f.key}
                index={i}
                name={f.name}
                count={fields.length}
                move={move}
                remove={() => remove(f.name)}
                requiredTotal={requiredTotal}
                planned={planned.items[i]}
                ruleOptions={ruleOptions}
              />
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add(newSection())}
              data-testid={QUALITY_IDS.scorecardSectionAdd}
            >
              {t('qualityAdmin.scorecards.editor.addSection')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Flex>
  );
}
