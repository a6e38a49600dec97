import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  AUTO_CHECK_KINDS,
  type AutoCheckKind,
  type AutoCheckRule,
  type AutoCheckRuleInput,
} from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { QueryError } from '../../ui/query-error';
import { useInvalidateQuality } from './api';
import { DryRun } from './dry-run';
import { saveRules, useRules } from './settings-api';
import { QUALITY_IDS } from './testids';

/** A rule as the form holds it: thresholds in seconds (people think in seconds; the API in ms). */
type RuleValues = Omit<AutoCheckRule, 'thresholdMs'> & { thresholdS: number | null };
type Values = { rules: RuleValues[] };

const PHRASE_KINDS: readonly AutoCheckKind[] = ['forbidden_phrase', 'required_phrase'];

const toValues = (r: AutoCheckRule): RuleValues => {
  const { thresholdMs, ...rest } = r;
  return { ...rest, thresholdS: thresholdMs === null ? null : thresholdMs / 1000 };
};

export const toRule = ({ thresholdS, ...r }: RuleValues): AutoCheckRuleInput => ({
  ...r,
  phrases: r.phrases ?? [],
  thresholdMs: thresholdS === null || thresholdS === undefined ? null : Math.round(thresholdS * 1000),
});

/**
 * 自动质检规则: phrase rules (forbidden and required phrases, as tags) and measurements of the
 * recording (silence, overtalk, dead air, long holds) with their thresholds; saved as a new version
 * that applies to contacts checked from then on. The dry run tries the rules as edited.
 */
export function RulesSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateQuality();
  const rules = useRules();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(form, (v: Values) => saveRules(v.rules.map(toRule)), {
    onSuccess: (set) => {
      void invalidate();
      form.setFieldsValue({ rules: set.rules.map(toValues) });
      void message.success(t('qualityAdmin.rules.saved', { version: set.version }));
    },
  });

  if (rules.isError) return <QueryError message={errorMessage(rules.error)} onRetry={() => void rules.refetch()} />;
  if (!rules.data) return <Skeleton active />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={15}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ rules: rules.data.rules.map(toValues) }}
          onFinish={save.submit}
          data-testid={QUALITY_IDS.rules}
        >
          <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} wrap gap={8}>
            <Typography.Text type="secondary">
              {rules.data.version > 0
                ? t('qualityAdmin.rules.version', { version: rules.data.version })
                : t('qualityAdmin.rules.defaults')}
            </Typography.Text>
            <Button type="primary" htmlType="submit" loading={save.pending} data-testid={QUALITY_IDS.rulesSave}>
              {t('qualityAdmin.rules.save')}
            </Button>
          </Flex>
          <FormError message={save.formError} />
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <Flex vertical gap={12}>
                {fields.length === 0 ? <Empty description={t('qualityAdmin.rules.empty')} /> : null}
                {fields.map((field) => (
                  <RuleCard key={field.key} name={field.name} onRemove={() => remove(field.name)} />
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      key: `rule-${fields.length + 1}`,
                      label: '',
                      kind: 'forbidden_phrase',
                      enabled: true,
                      language: 'any',
                      speaker: 'agent',
                      phrases: [],
                      match: 'word',
                      position: 'anywhere',
                      withinLines: null,
                      thresholdS: null,
                    } satisfies RuleValues)
                  }
                >
                  {t('qualityAdmin.rules.add')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Col>
      <Col xs={24} xxl={9}>
        <DryRun rules={() => (form.getFieldValue('rules') as RuleValues[] | undefined)?.map(toRule)} />
      </Col>
    </Row>
  );
}

function RuleCard({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['rules', name, 'kind']) as AutoCheckKind | undefined;
  const phrase = kind !== undefined && PHRASE_KINDS.includes(kind);
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <Form.Item name={[name, 'enabled']} valuePropName="checked" noStyle>
            <Switch size="small" aria-label={t('qualityAdmin.rules.enabled')} />
          </Form.Item>
          <Form.Item name={[name, 'label']} noStyle rules={[{ required: true, whitespace: true }]}>
            <Input
              variant="borderless"
              placeholder={t('qualityAdmin.rules.label')}
              style={{ fontWeight: 600 }}
              maxLength={200}
            />
          </Form.Item>
        </Flex>
      }
      extra={
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('qualityAdmin.rules.remove')}
        />
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            name={[name, 'key']}
            label={t('qualityAdmin.rules.key')}
            rules={[
              { required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/, message: t('qualityAdmin.rules.keyRule') },
            ]}
          >
            <Input data-identifier />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'kind']} label={t('qualityAdmin.rules.kind')}>
            <Select options={AUTO_CHECK_KINDS.map((k) => ({ value: k, label: t(`qualityAdmin.ruleKind.${k}`) }))} />
          </Form.Item>
        </Col>
        {phrase ? (
          <Col xs={24} md={8}>
            <Form.Item name={[name, 'speaker']} label={t('qualityAdmin.rules.speaker')}>
              <Select
                options={(['agent', 'customer', 'any'] as const).map((s) => ({
                  value: s,
                  label: t(`qualityAdmin.speaker.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
        ) : (
          <Col xs={24} md={8}>
            <Form.Item
              name={[name, 'thresholdS']}
              label={t('qualityAdmin.rules.threshold')}
              rules={[{ required: true }]}
            >
              <InputNumber
                min={0.1}
                max={3600}
                step={0.5}
                suffix={t('qualityAdmin.rules.seconds')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        )}
      </Row>
      {phrase ? (
        <>
          <Form.Item
            name={[name, 'phrases']}
            label={t('qualityAdmin.rules.phrases')}
            rules={[{ required: true, type: 'array', min: 1, message: t('qualityAdmin.rules.phrasesRequired') }]}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，', '、', '\n']}
              placeholder={t('qualityAdmin.rules.phrasesHint')}
            />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Form.Item name={[name, 'language']} label={t('qualityAdmin.rules.language')}>
                <Select
                  options={(['zh', 'en', 'any'] as const).map((l) => ({
                    value: l,
                    label: t(`qualityAdmin.language.${l}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={[name, 'match']} label={t('qualityAdmin.rules.match')}>
                <Select
                  options={(['word', 'substring'] as const).map((m) => ({
                    value: m,
                    label: t(`qualityAdmin.match.${m}`),
                  }))}
                />
              </Form.Item>
            </Col>
            {kind === 'required_phrase' ? (
              <>
                <Col xs={12} md={6}>
                  <Form.Item name={[name, 'position']} label={t('qualityAdmin.rules.position')}>
                    <Select
                      options={(['start', 'end', 'anywhere'] as const).map((p) => ({
                        value: p,
                        label: t(`qualityAdmin.position.${p}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={[name, 'withinLines']} label={t('qualityAdmin.rules.withinLines')}>
                    <InputNumber min={1} max={50} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
          </Row>
        </>
      ) : null}
    </Card>
  );
}
