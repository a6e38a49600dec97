import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftTemplate, WfmAgent } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';
import { AgentRulesForm } from './agent-rules-form';
import { hoursOf, minuteText } from './schedule-times';
import { useShiftTemplates, useWfmAgents } from './schedules-api';
import { SCHEDULE_IDS } from './schedules-testids';
import { TemplateForm } from './template-form';

/** 班次与规则: the shift templates a schedule is made of, and each agent's rules. */
export function SetupTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const templates = useShiftTemplates();
  const agents = useWfmAgents();
  const [editing, setEditing] = useState<ShiftTemplate | 'new'>();
  const [agent, setAgent] = useState<WfmAgent>();
  const templateName = useMemo(() => new Map((templates.data ?? []).map((x) => [x.id, x.name])), [templates.data]);
  const list = (items: string[]) => items.join(lang === 'en-US' ? ', ' : '、');
  const hours = (m: number) => hoursOf(m).toLocaleString(lang);

  return (
    <div data-testid={SCHEDULE_IDS.setup}>
      <Card
        title={t('wfm.setup.templates')}
        style={{ marginBottom: 16 }}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid={SCHEDULE_IDS.templateCreate}
          >
            {t('wfm.setup.newTemplate')}
          </Button>
        }
      >
        {templates.isError ? (
          <QueryError message={errorMessage(templates.error)} onRetry={() => void templates.refetch()} />
        ) : null}
        <Table<ShiftTemplate>
          rowKey="id"
          size="small"
          loading={templates.isLoading}
          dataSource={templates.data ?? []}
          data-testid={SCHEDULE_IDS.templates}
          locale={{ emptyText: t('wfm.setup.noTemplates') }}
          pagination={false}
          columns={[
            {
              title: t('wfm.setup.templateName'),
              dataIndex: 'name',
              render: (name: string, tpl) => (
                <Button
                  type="link"
                  style={{ padding: 0 }}
                  onClick={() => setEditing(tpl)}
                  data-testid={SCHEDULE_IDS.templateEdit(tpl.id)}
                >
                  {name}
                </Button>
              ),
            },
            {
              title: t('wfm.setup.startWindows'),
              key: 'windows',
              render: (_, tpl) =>
                list(
                  tpl.startWindows.map((w) =>
                    t('wfm.setup.windowValue', {
                      from: minuteText(w.earliest),
                      to: minuteText(w.latest),
                      step: w.step,
                    }),
                  ),
                ),
            },
            {
              title: t('wfm.setup.lengths'),
              key: 'lengths',
              render: (_, tpl) => list(tpl.lengthsMinutes.map((m) => t('wfm.setup.hoursValue', { hours: hours(m) }))),
            },
            {
              title: t('wfm.setup.breaks'),
              key: 'breaks',
              render: (_, tpl) =>
                tpl.breaks.length === 0
                  ? t('wfm.setup.noBreaks')
                  : list(tpl.breaks.map((b) => t('wfm.setup.breakValue', { name: b.name, minutes: b.minutes }))),
            },
            {
              title: t('wfm.setup.weekdays'),
              dataIndex: 'weekdays',
              render: (days: number[]) =>
                days.length === 7 ? t('wfm.setup.everyDay') : list(days.map((d) => t(`wfm.weekday.${d}`))),
            },
            {
              title: t('wfm.setup.cost'),
              dataIndex: 'costPerPaidHour',
              align: 'right',
            },
            {
              title: t('wfm.setup.kind'),
              key: 'kind',
              render: (_, tpl) => (
                <Space size={4}>
                  {tpl.partTime ? <Tag>{t('wfm.setup.partTime')}</Tag> : <Tag>{t('wfm.setup.fullTime')}</Tag>}
                  {tpl.active ? null : <Tag color="default">{t('wfm.setup.inactive')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('wfm.setup.agents')}
        extra={<Typography.Text type="secondary">{t('wfm.setup.agentsHelp')}</Typography.Text>}
      >
        {agents.isError ? (
          <QueryError message={errorMessage(agents.error)} onRetry={() => void agents.refetch()} />
        ) : null}
        <Table<WfmAgent>
          rowKey="userId"
          size="small"
          loading={agents.isLoading}
          dataSource={agents.data ?? []}
          data-testid={SCHEDULE_IDS.agents}
          locale={{ emptyText: t('wfm.setup.noAgents') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('wfm.setup.agent'), dataIndex: 'displayName' },
            {
              title: t('wfm.setup.skills'),
              dataIndex: 'skills',
              render: (skills: string[]) => (skills.length ? skills.map((s) => <Tag key={s}>{s}</Tag>) : '—'),
            },
            {
              title: t('wfm.setup.rules'),
              key: 'rules',
              render: (_, a) =>
                a.rules ? (
                  <Space orientation="vertical" size={0}>
                    <span>{list(a.rules.templateIds.map((id) => templateName.get(id) ?? id))}</span>
                    <Typography.Text type="secondary">
                      {t('wfm.setup.weeklyHoursValue', {
                        min: hours(a.rules.minWeeklyMinutes),
                        max: hours(a.rules.maxWeeklyMinutes),
                      })}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Tag color="warning">{t('wfm.setup.notSet')}</Tag>
                ),
            },
            {
              title: t('wfm.setup.actions'),
              key: 'actions',
              render: (_, a) => (
                <Button
                  size="small"
                  onClick={() => setAgent(a)}
                  disabled={!templates.data?.length}
                  data-testid={SCHEDULE_IDS.agentEdit(a.userId)}
                >
                  {t('wfm.setup.editRules')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing ? (
        <TemplateForm template={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      ) : null}
      {agent ? (
        <AgentRulesForm agent={agent} templates={templates.data ?? []} onClose={() => setAgent(undefined)} />
      ) : null}
    </div>
  );
}
