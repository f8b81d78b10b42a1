import { canonicalLanguage, chooseTemplateText } from '../../../src/domain/language';

const template = {
  subject: 'Order {{order.number}}',
  body: 'Your order is ready',
  translations: {
    de: { subject: 'Auftrag {{order.number}}', body: 'Ihr Auftrag ist fertig' },
    'pt-BR': { subject: null, body: 'Seu pedido está pronto' },
  },
};

describe('chooseTemplateText', () => {
  it('when the template has the client language, then that text is used with dates in it', () => {
    expect(chooseTemplateText(template, 'de', 'en-GB')).toEqual({
      source: template.translations.de,
      locale: 'de',
      language: 'de',
    });
  });

  it('when only the base language is translated, then a regional client gets it with dates in their own tag', () => {
    expect(chooseTemplateText(template, 'de-AT', 'en-GB')).toEqual({
      source: template.translations.de,
      locale: 'de-AT',
      language: 'de',
    });
  });

  it('when the client tag is spelled in another case, then it still finds the translation', () => {
    expect(chooseTemplateText(template, 'pt-br', 'en-GB').language).toBe('pt-BR');
  });

  it('when only another region is translated, then the main text and the company locale are used', () => {
    expect(chooseTemplateText(template, 'pt-PT', 'en-GB')).toEqual({
      source: { subject: template.subject, body: template.body },
      locale: 'en-GB',
      language: null,
    });
  });

  it('when the client has no language or the template no translations, then the main text is used', () => {
    expect(chooseTemplateText(template, null, 'uk-UA').language).toBeNull();
    expect(chooseTemplateText({ subject: null, body: 'Hi' }, 'de', 'uk-UA')).toEqual({
      source: { subject: null, body: 'Hi' },
      locale: 'uk-UA',
      language: null,
    });
  });
});

describe('canonicalLanguage', () => {
  it('when a tag is valid, then its canonical form; when not, then null', () => {
    expect(canonicalLanguage('de-at')).toBe('de-AT');
    expect(canonicalLanguage('ZH-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalLanguage('not a tag')).toBeNull();
    expect(canonicalLanguage('')).toBeNull();
  });
});
