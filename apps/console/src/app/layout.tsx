import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { hasAnyRole } from '../shared/auth/principal';
import { useSession } from '../shared/auth/session';
import { useI18n } from '../shared/i18n/i18n';

/** GOV.UK header, service navigation by role, language switch, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const principal = session.principal;
  const links = principal
    ? [
        ...(hasAnyRole(principal, 'referrer') ? [{ to: '/referrals', label: t('nav.outbox') }] : []),
        ...(hasAnyRole(principal, 'referrer') ? [{ to: '/referrals/new', label: t('nav.newReferral') }] : []),
        ...(hasAnyRole(principal, 'screener', 'case-worker', 'consent-officer', 'facilitator')
          ? [{ to: '/inbox', label: t('nav.inbox') }]
          : []),
        ...(hasAnyRole(principal, 'auditor') ? [{ to: '/audit', label: t('nav.audit') }] : []),
        ...(hasAnyRole(principal, 'case-worker', 'auditor', 'admin')
          ? [{ to: '/reports', label: t('nav.reports') }]
          : []),
      ]
    : [];
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        {t('skip.link')}
      </a>
      <header className="govuk-header" data-module="govuk-header">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <a href="/" className="govuk-header__homepage-link">
              <span className="govuk-header__product-name accord-logotype">{t('service.name')}</span>
            </a>
          </div>
        </div>
      </header>
      <section
        className="govuk-service-navigation"
        aria-label={t('service.tagline')}
        data-module="govuk-service-navigation"
      >
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <span className="govuk-service-navigation__text">{t('service.tagline')}</span>
            </span>
            {links.length > 0 ? (
              <nav aria-label={t('service.name')} className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {links.map((link) => (
                    <li className="govuk-service-navigation__item" key={link.to}>
                      <NavLink end className="govuk-service-navigation__link" to={link.to}>
                        {link.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </section>
      <div className="govuk-width-container">
        <div className="accord-utility-bar">
          <button
            type="button"
            className="govuk-link accord-link-button"
            lang={locale === 'en' ? 'cy' : 'en'}
            onClick={() => setLocale(locale === 'en' ? 'cy' : 'en')}
          >
            <span className="govuk-visually-hidden">{t('nav.languageLabel')} </span>
            {t('nav.language')}
          </button>
          {principal ? (
            <span className="govuk-body-s accord-who">
              {principal.sub} · {principal.agency}{' '}
              <button
                type="button"
                className="govuk-link accord-link-button"
                onClick={() => void session.signOut()}
              >
                {t('nav.signOut')}
              </button>
            </span>
          ) : null}
        </div>
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <span className="govuk-footer__licence-description">{t('footer.licence')}</span>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
