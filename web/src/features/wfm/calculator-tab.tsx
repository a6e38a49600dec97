import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Form, InputNumber, Radio, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErlangAResponse, ErlangCResponse } from '../../../../contracts/wfm-erlang';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { erlangApi } from './api';
import { percentText } from './forecast-chart';
import { WFM_IDS } from './testids';

type Values = {
  model: 'erlang_c' | 'erlang_a';
  callsPerInterval: number;
  intervalMinutes: number;
  ahtSeconds: number;
  serviceLevel: number;
  targetAnswerSeconds: number;
  shrinkage: number;
  maxOccupancy: number;
  patienceSeconds?: number;
  maxAbandon?: number | null;
};

type Result = (ErlangCResponse | ErlangAResponse) & { meetsTargets?: boolean };

/** The form's percents as the request's shares; Erlang A adds the callers' patience. */
function requestOf(v: Values) {
  const shared = {
    callsPerInterval: v.callsPerInterval,
    intervalMinutes: v.intervalMinutes,
    ahtSeconds: v.ahtSeconds,
    targetServiceLevel: v.serviceLevel / 100,
    targetAnswerSeconds: v.targetAnswerSeconds,
    shrinkage: v.shrinkage / 100,
    maxOccupancy: v.maxOccupancy / 100,
  };
  if (v.model === 'erlang_c') return { model: 'erlang_c' as const, body: shared };
  return {
    model: 'erlang_a' as const,
    body: {
      ...shared,
      patienceSeconds: v.patienceSeconds ?? 0,
      ...(v.maxAbandon === undefined || v.maxAbandon === null ? {} : { maxAbandonRate: v.maxAbandon / 100 }),
    },
  };
}

/** Erlang 计算器: the agents one interval needs (C or A), and what a given number of agents achieves. */
export function CalculatorTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const model = Form.useWatch('model', form) ?? 'erlang_c';
  const [result, setResult] = useState<Result>();
  const [agents, setAgents] = useState<number | null>(null);

  const staff = useFormSubmit(
    form,
    (v: Values) => {
      const r = requestOf(v);
      return r.model === 'erlang_c' ? erlangApi.staffC(r.body) : erlangApi.staffA(r.body);
    },
    {
      onSuccess: (r) => {
        setResult(r);
        setAgents(r.agents);
      },
      onError: () => setResult(undefined),
    },
  );
  const evaluate = useMutation({
    mutationFn: async (n: number) => {
      const v = await form.validateFields();
      const r = requestOf(v);
      return r.model === 'erlang_c'
        ? erlangApi.evaluateC({ ...r.body, agents: n })
        : erlangApi.evaluateA({ ...r.body, agents: n });
    },
  });

  const figures = (r: Result, prefix: string) => (
    <Row gutter={[16, 16]}>
      {[
        [
          'traffic',
          t('wfm.calculator.traffic'),
          t('wfm.calculator.trafficValue', {
            value: r.trafficErlangs.toLocaleString(lang, { maximumFractionDigits: 2 }),
          }),
        ],
        ['agents', t('wfm.calculator.agents'), String(r.agents)],
        ['scheduledAgents', t('wfm.calculator.scheduledAgents'), String(r.scheduledAgents)],
        ['serviceLevel', t('wfm.calculator.sl'), percentText(r.serviceLevel, lang)],
        ['waitProbability', t('wfm.calculator.waitProbability'), percentText(r.waitProbability, lang)],
        [
          'asa',
          t('wfm.calculator.asa'),
          t('wfm.calculator.asaValue', { value: r.asaSeconds.toLocaleString(lang, { maximumFractionDigits: 2 }) }),
        ],
        ['occupancy', t('wfm.calculator.occupancy'), percentText(r.occupancy, lang)],
        ...('abandonRate' in r
          ? [['abandonRate', t('wfm.calculator.abandonRate'), percentText(r.abandonRate, lang)]]
          : []),
      ].map(([key, title, value]) => (
        <Col key={key} xs={12} md={6}>
          <Statistic title={title} value={value ?? '—'} data-testid={WFM_IDS.calcFigure(`${prefix}${key}`)} />
        </Col>
      ))}
    </Row>
  );

  return (
    <Flex gap={16} wrap align="flex-start" data-testid={WFM_IDS.calculator}>
      <Card style={{ flex: '1 1 360px', maxWidth: 480 }}>
        <Typography.Paragraph type="secondary">{t('wfm.calculator.help')}</Typography.Paragraph>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={staff.submit}
          onValuesChange={() => evaluate.reset()}
          initialValues={{
            model: 'erlang_c',
            intervalMinutes: 30,
            ahtSeconds: 180,
            serviceLevel: 80,
            targetAnswerSeconds: 20,
            shrinkage: 0,
            maxOccupancy: 100,
            patienceSeconds: 180,
          }}
        >
          <Form.Item name="model" label={t('wfm.calculator.model')}>
            <Radio.Group
              data-testid={WFM_IDS.calcModel}
              options={[
                { value: 'erlang_c', label: t('wfm.requirements.erlang_c') },
                { value: 'erlang_a', label: t('wfm.requirements.erlang_a') },
              ]}
            />
          </Form.Item>
          <Row gutter={12}>
            {(
              [
                ['callsPerInterval', t('wfm.calculator.calls'), { min: 0 }],
                ['intervalMinutes', t('wfm.calculator.interval'), { min: 1, max: 1440 }],
                ['ahtSeconds', t('wfm.calculator.aht'), { min: 1 }],
                ['serviceLevel', t('wfm.calculator.serviceLevel'), { min: 0, max: 100, suffix: '%' }],
                ['targetAnswerSeconds', t('wfm.calculator.answerSeconds'), { min: 0 }],
                ['shrinkage', t('wfm.calculator.shrinkage'), { min: 0, max: 99, suffix: '%' }],
                ['maxOccupancy', t('wfm.calculator.maxOccupancy'), { min: 1, max: 100, suffix: '%' }],
              ] as const
            ).map(([name, label, props]) => (
              <Col key={name} span={12}>
                <Form.Item
                  name={name}
                  label={label}
                  rules={[{ required: true, message: t('wfm.form.required', { field: label }) }]}
                >
                  <InputNumber {...props} style={{ width: '100%' }} data-testid={WFM_IDS.calcField(name)} />
                </Form.Item>
              </Col>
            ))}
            {model === 'erlang_a' ? (
              <>
                <Col span={12}>
                  <Form.Item
                    name="patienceSeconds"
                    label={t('wfm.calculator.patience')}
                    rules={[
                      { required: true, message: t('wfm.form.required', { field: t('wfm.calculator.patience') }) },
                    ]}
                  >
                    <InputNumber min={1} style={{ width: '100%' }} data-testid={WFM_IDS.calcField('patienceSeconds')} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="maxAbandon" label={t('wfm.calculator.maxAbandon')}>
                    <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
          </Row>
          <Button type="primary" htmlType="submit" loading={staff.pending} data-testid={WFM_IDS.calcSubmit}>
            {t('wfm.calculator.calculate')}
          </Button>
        </Form>
      </Card>
      <Flex vertical gap={16} style={{ flex: '2 1 480px' }}>
        <Card title={t('wfm.calculator.results')} data-testid={WFM_IDS.calcResult}>
          {staff.formError ? (
            <Alert type="error" showIcon title={staff.formError} data-testid={WFM_IDS.calcError} />
          ) : result ? (
            figures(result, '')
          ) : (
            <Empty description={t('wfm.calculator.empty')} />
          )}
        </Card>
        <Card title={t('wfm.calculator.evaluateAgents')}>
          <Typography.Paragraph type="secondary">{t('wfm.calculator.evaluateHelp')}</Typography.Paragraph>
          <Flex gap={8} style={{ marginBottom: 16 }}>
            <InputNumber
              min={1}
              precision={0}
              value={agents}
              onChange={(v) => setAgents(typeof v === 'number' ? v : null)}
              onPressEnter={() => agents && evaluate.mutate(agents)}
              aria-label={t('wfm.calculator.evaluateAgents')}
              data-testid={WFM_IDS.calcEvaluateAgents}
            />
            <Button
              disabled={!agents}
              loading={evaluate.isPending}
              onClick={() => agents && evaluate.mutate(agents)}
              data-testid={WFM_IDS.calcEvaluate}
            >
              {t('wfm.calculator.evaluate')}
            </Button>
          </Flex>
          <div data-testid={WFM_IDS.calcEvaluation}>
            {evaluate.isError ? (
              <Alert type="error" showIcon title={errorMessage(evaluate.error)} data-testid={WFM_IDS.calcError} />
            ) : null}
            {evaluate.data ? (
              <>
                <Typography.Paragraph>
                  {t('wfm.calculator.evaluation', { agents: evaluate.data.agents })}{' '}
                  <Tag color={evaluate.data.meetsTargets ? 'success' : 'error'}>
                    {evaluate.data.meetsTargets ? t('wfm.calculator.meets') : t('wfm.calculator.misses')}
                  </Tag>
                </Typography.Paragraph>
                {figures(evaluate.data, 'eval-')}
              </>
            ) : null}
          </div>
        </Card>
      </Flex>
    </Flex>
  );
}
