import { GlobalOutlined, MailOutlined, MobileOutlined, WechatOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConversationChannel } from '../../../../../contracts/conversations';

const ICONS: Record<ConversationChannel, { Icon: typeof GlobalOutlined; color: string }> = {
  webchat: { Icon: GlobalOutlined, color: '#1677ff' },
  email: { Icon: MailOutlined, color: '#fa8c16' },
  sms: { Icon: MobileOutlined, color: '#13c2c2' },
  wechat: { Icon: WechatOutlined, color: '#07c160' },
};

/** The medium at a glance (web chat, e-mail, SMS, WeChat), named for screen readers. */
export function ChannelIcon({ channel }: { channel: ConversationChannel }) {
  const { t } = useTranslation();
  const { Icon, color } = ICONS[channel];
  const label = t(`desktopChat.channel.${channel}`);
  return (
    <Tooltip title={label}>
      <Icon style={{ color }} aria-label={label} role="img" />
    </Tooltip>
  );
}
