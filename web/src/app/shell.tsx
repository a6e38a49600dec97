import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { FullPageSpin } from '../ui/full-page-spin';
import { createQueryClient } from './query-client';
import { AppRoutes } from './router';
import { SessionProvider } from './session';
import './i18n';

// The customer's survey page: outside the session and the app shell (customers never sign in).
const SurveyPublicPage = lazy(() =>
  import('../features/surveys/survey-public-page').then((m) => ({ default: m.SurveyPublicPage })),
);

const FONT_FAMILY = 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const queryClient = createQueryClient();

function Themed() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en-US' ? enUS : zhCN}
      theme={{ token: { fontFamily: FONT_FAMILY, colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route
              path="/s/:token"
              element={
                <Suspense fallback={<FullPageSpin />}>
                  <SurveyPublicPage />
                </Suspense>
              }
            />
            <Route
              path="*"
              element={
                <SessionProvider>
                  <AppRoutes />
                </SessionProvider>
              }
            />
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function Shell() {
  return (
    <QueryClientProvider client={queryClient}>
      <Themed />
    </QueryClientProvider>
  );
}
