import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PlansSettings } from './plans-settings';
import { RulesSettings } from './rules-settings';
import { ScorecardsSettings } from './scorecards-settings';

const SECTIONS = ['scorecards', 'rules', 'plans'] as const;
type Section = (typeof SECTIONS)[number];

/** 设置 (qa.manage): scorecards, automatic check rules with their dry run, sampling plans. */
export function SettingsTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('section');
  const section: Section = SECTIONS.find((s) => s === asked) ?? 'scorecards';
  return (
    <Tabs
      tabPosition="left"
      activeKey={section}
      onChange={(key) => {
        const next = new URLSearchParams(params);
        next.set('section', key);
        setParams(next, { replace: true });
      }}
      destroyOnHidden
      items={[
        { key: 'scorecards', label: t('qualityAdmin.sections.scorecards'), children: <ScorecardsSettings /> },
        { key: 'rules', label: t('qualityAdmin.sections.rules'), children: <RulesSettings /> },
        { key: 'plans', label: t('qualityAdmin.sections.plans'), children: <PlansSettings /> },
      ]}
    />
  );
}
