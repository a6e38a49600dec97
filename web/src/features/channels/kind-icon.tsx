import { MailOutlined, MessageOutlined, MobileOutlined, WechatOutlined } from '@ant-design/icons';
import type { ConversationChannel } from '../../../../contracts/conversations';

const ICONS: Record<ConversationChannel, typeof MailOutlined> = {
  webchat: MessageOutlined,
  email: MailOutlined,
  sms: MobileOutlined,
  wechat: WechatOutlined,
};

/** The channel's kind at a glance; its name is said beside it, so the icon itself stays silent. */
export function KindIcon({ kind }: { kind: ConversationChannel }) {
  const Icon = ICONS[kind];
  return <Icon aria-hidden className={`channel-kind-icon channel-kind-${kind}`} />;
}
