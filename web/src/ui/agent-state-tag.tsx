import { Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentState, ReasonCode } from '../../../contracts/routing';

export const STATE_COLOR: Record<AgentState, string> = {
  ready: 'success',
  not_ready: 'warning',
  reserved: 'processing',
  busy: 'blue',
  wrap_up: 'purple',
  logged_out: 'default',
};

/** A reason code's label in the current language; the code itself when it is unknown. */
export function useReasonLabel(reasons: readonly ReasonCode[] | undefined): (code: string | null) => string | null {
  const { i18n } = useTranslation();
  return useCallback(
    (code) => {
      if (!code) return null;
      const r = reasons?.find((x) => x.code === code);
      if (!r) return code;
      return i18n.language === 'en-US' ? r.labelEn : r.labelZh;
    },
    [reasons, i18n.language],
  );
}

type Props = { state: AgentState; reason?: string | null; testId?: string };

/** 示闲 / 示忙（小休）/ 振铃 / 服务中 / 话后处理 / 签出, coloured the same everywhere. */
export function AgentStateTag({ state, reason, testId }: Props) {
  const { t } = useTranslation();
  const label = t(`acd.state.${state}`);
  return (
    <Tag color={STATE_COLOR[state]} data-testid={testId} data-state={state}>
      {reason ? t('acd.stateWithReason', { state: label, reason }) : label}
    </Tag>
  );
}
