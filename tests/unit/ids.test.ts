import { describe, expect, it } from 'vitest';
import { documentId, safeId } from '../../src/model/ids.js';

describe('document ids from names', () => {
  it('Latin letters lose their accents; a name in another script keeps a hash of itself, so two such names stay apart', () => {
    expect(documentId(undefined, 'tei/Müller-1851.xml')).toBe('Muller-1851');
    expect(safeId('Æbeltoft_Straße')).toBe('AEbeltoft_Strasse');
    // Мюллер.xml and 中文.xml were both "document", an id clash the editor could not see the reason of.
    const cyrillic = documentId(undefined, 'tei/Мюллер.xml');
    const chinese = documentId(undefined, 'tei/中文.xml');
    expect(cyrillic).toMatch(/^document-[0-9a-f]{8}$/);
    expect(chinese).toMatch(/^document-[0-9a-f]{8}$/);
    expect(cyrillic).not.toBe(chinese);
    expect(documentId(undefined, 'tei/Письмо-1851.xml')).toMatch(/^1851-[0-9a-f]{8}$/);
    // Plain ids stay as they are; the same name gives the same id.
    expect(documentId('K_0197', 'tei/x.xml')).toBe('K_0197');
    expect(documentId(undefined, 'tei/Мюллер.xml')).toBe(cyrillic);
    expect(documentId(undefined, 'tei/.xml')).toBe('document');
  });
});
