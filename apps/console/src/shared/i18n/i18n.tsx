import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { cy } from './cy';
import { en, type MessageKey } from './en';

export type Locale = 'en' | 'cy';
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, cy };
const STORAGE_KEY = 'accord.locale';

/** `{name}` placeholders filled from `values`; a missing value is left visible rather than hidden. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The message for `key`; an unknown key (a status the console does not know yet) reads as itself. */
export function translate(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  const template: string | undefined = CATALOGUES[locale][key];
  return template === undefined ? key : format(template, values);
}

export interface I18n {
  readonly locale: Locale;
  readonly t: (key: MessageKey, values?: Record<string, string | number>) => string;
  readonly setLocale: (locale: Locale) => void;
  readonly date: (iso: string) => string;
  readonly dateTime: (iso: string) => string;
  readonly number: (value: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'cy') return stored;
  const query = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  return query === 'cy' ? 'cy' : 'en';
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale());
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const tag = locale === 'cy' ? 'cy-GB' : 'en-GB';
    const dates = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric' });
    const times = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const numbers = new Intl.NumberFormat(tag);
    return {
      locale,
      setLocale,
      t: (key, values) => translate(locale, key, values),
      date: (iso) => dates.format(new Date(iso)),
      dateTime: (iso) => times.format(new Date(iso)),
      number: (n) => numbers.format(n),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
