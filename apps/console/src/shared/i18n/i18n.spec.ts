import { cy } from './cy';
import { en } from './en';
import { format, translate } from './i18n';

describe('messages', () => {
  it('has a Welsh message for every English one, each keeping the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect({ key, placeholders: placeholders(cy[key]) }).toEqual({
        key,
        placeholders: placeholders(en[key]),
      });
      expect(cy[key].trim()).not.toBe('');
    }
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(format('Case {id} of {total}', { id: 'A' })).toBe('Case A of {total}');
    expect(translate('cy', 'case.title', { reference: 'PN-1' })).toBe('Achos PN-1');
  });

  it('reads an unknown key as itself rather than failing', () => {
    expect(translate('en', 'status.something-new' as keyof typeof en)).toBe('status.something-new');
  });
});
