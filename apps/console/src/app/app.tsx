import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Role } from '@accord/contracts/roles';
import { AuditCasePage, AuditSearchPage } from '../features/audit/audit-page';
import { CallbackPage } from '../features/auth/callback-page';
import { SignInPage } from '../features/auth/sign-in-page';
import { CasePage } from '../features/case/case-page';
import { InboxPage } from '../features/inbox/inbox-page';
import { NewReferralPage } from '../features/referrals/new-referral-page';
import { OutboxPage } from '../features/referrals/outbox-page';
import { OutcomesPage } from '../features/reports/outcomes-page';
import { hasAnyRole } from '../shared/auth/principal';
import { CALLBACK_PATH, SessionProvider, useSession } from '../shared/auth/session';
import { Loading } from '../shared/components/page-states';
import { I18nProvider, useI18n } from '../shared/i18n/i18n';
import { Layout } from './layout';

/** Signed-in pages; a person without one of `roles` is sent home (the API refuses them anyway). */
function Guarded({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session.ready) return <Loading />;
  if (!session.principal)
    return (
      <Navigate to={`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  if (roles && !hasAnyRole(session.principal, ...roles)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

/** Home: each person lands on their own work. */
function Home() {
  const { t } = useI18n();
  const { principal } = useSession();
  if (hasAnyRole(principal, 'screener', 'case-worker', 'consent-officer', 'facilitator'))
    return <Navigate to="/inbox" replace />;
  if (hasAnyRole(principal, 'referrer')) return <Navigate to="/referrals" replace />;
  if (hasAnyRole(principal, 'auditor')) return <Navigate to="/audit" replace />;
  if (hasAnyRole(principal, 'admin')) return <Navigate to="/reports" replace />;
  return (
    <>
      <h1 className="govuk-heading-l">{t('home.title')}</h1>
      <p className="govuk-body">{t('home.noRoles')}</p>
    </>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="govuk-heading-l">{t('common.notFound')}</h1>
      <p className="govuk-body">{t('common.notFoundBody')}</p>
    </>
  );
}

const staff: Role[] = ['screener', 'case-worker', 'consent-officer', 'facilitator', 'auditor'];

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <Layout>
            <Routes>
              <Route
                path="/"
                element={
                  <Guarded>
                    <Home />
                  </Guarded>
                }
              />
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/signed-out" element={<SignInPage />} />
              <Route path={CALLBACK_PATH} element={<CallbackPage />} />
              <Route
                path="/referrals"
                element={
                  <Guarded roles={['referrer']}>
                    <OutboxPage />
                  </Guarded>
                }
              />
              <Route
                path="/referrals/new"
                element={
                  <Guarded roles={['referrer']}>
                    <NewReferralPage />
                  </Guarded>
                }
              />
              <Route
                path="/referrals/:caseId"
                element={
                  <Guarded>
                    <CasePage />
                  </Guarded>
                }
              />
              <Route
                path="/inbox"
                element={
                  <Guarded roles={staff}>
                    <InboxPage />
                  </Guarded>
                }
              />
              <Route
                path="/cases/:caseId"
                element={
                  <Guarded roles={staff}>
                    <CasePage />
                  </Guarded>
                }
              />
              <Route
                path="/audit"
                element={
                  <Guarded roles={['auditor']}>
                    <AuditSearchPage />
                  </Guarded>
                }
              />
              <Route
                path="/audit/cases/:caseId"
                element={
                  <Guarded roles={['auditor']}>
                    <AuditCasePage />
                  </Guarded>
                }
              />
              <Route
                path="/reports"
                element={
                  <Guarded roles={['case-worker', 'auditor', 'admin']}>
                    <OutcomesPage />
                  </Guarded>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Layout>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
