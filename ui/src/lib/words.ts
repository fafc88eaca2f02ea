// Field names inside a sentence, as each language writes them: 「订单行ID」「商品名称」 or
// “Line id” and “Product name”.
import type { TFunction } from 'i18next';

export const quotedList = (t: TFunction, lang: string, labels: string[]): string =>
  new Intl.ListFormat(lang === 'zh' ? 'zh-CN' : 'en', { type: 'conjunction' }).format(labels.map((label) => t('common.quoted', { label })));
