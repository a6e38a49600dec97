import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../app/lookups';
import { useCan, useSession } from '../../app/session';

/**
 * The teams to filter by: all of them for a planner (wfm.plan sees every agent), the ones a team lead
 * leads otherwise (the server answers a lead about their teams only). Without teams.view, no filter.
 */
export function useTeamOptions() {
  const can = useCan();
  const myId = useSession().me?.user.id;
  const allowed = can('teams.view');
  const teams = useTeams(allowed).data ?? [];
  const mine = can('wfm.plan') ? teams : teams.filter((team) => team.leadUserId === myId);
  return { allowed, teams: mine };
}

type TeamFilterProps = { value: string | undefined; onChange: (teamId: string | undefined) => void; testId: string };

/** 全部班组 or one team; nothing when the user may not read teams (the server limits a team lead to theirs anyway). */
export function TeamFilter({ value, onChange, testId }: TeamFilterProps) {
  const { t } = useTranslation();
  const { allowed, teams } = useTeamOptions();
  if (!allowed) return null;
  return (
    <Select<string>
      style={{ minWidth: 180 }}
      allowClear
      placeholder={t('wfmAdherence.allTeams')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={teams.map((team) => ({ value: team.id, label: team.name }))}
      aria-label={t('wfmAdherence.team')}
      data-testid={testId}
    />
  );
}
