import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  admin: 'red',
  supervisor: 'volcano',
  team_lead: 'orange',
  qa: 'purple',
  trainer: 'cyan',
  wfm: 'geekblue',
  analyst: 'green',
  agent: 'blue',
};

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color={COLORS[role]}>
          {t(`roleNames.${role}`, { defaultValue: role })}
        </Tag>
      ))}
    </>
  );
}
