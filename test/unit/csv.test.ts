import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, csvRow } from '../../bot-server/csv/csv.ts';

describe('CSV cells', () => {
  it('neutralises text a spreadsheet would run as a formula (OWASP): a leading quote, and quoted', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('=1+2')).toBe(`"'=1+2"`);
    expect(csvCell('+886912345678')).toBe(`"'+886912345678"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvCell('\t=1+2')).toBe(`"'\t=1+2"`);
    expect(csvCell('\r=1+2')).toBe(`"'\r=1+2"`);
    expect(csvCell('\0=1')).toBe(`"'\0=1"`);
  });

  it('leaves ordinary text alone and quotes only what RFC 4180 needs', () => {
    expect(csvCell('王小明')).toBe('王小明');
    expect(csvCell('PARTNER-0001')).toBe('PARTNER-0001');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell("'quoted")).toBe("'quoted");
    expect(csvCell('Lin, Kevin')).toBe('"Lin, Kevin"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    // A separator cannot start a new, formula cell: the whole value stays one quoted cell.
    expect(csvCell('x,=1+2')).toBe('"x,=1+2"');
  });

  it('writes our own values plainly: numbers, booleans, dates as ISO 8601, null as empty', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('rows and documents: BOM, header, one line per row', () => {
    expect(csvRow(['a', 1, null, '=x'])).toBe(`a,1,,"'=x"`);
    expect(csvDocument(['code', 'member'], [['A1', '=cmd'], ['A2', '王']])).toBe(`\uFEFFcode,member\nA1,"'=cmd"\nA2,王\n`);
    expect(csvDocument(['code'], [])).toBe('\uFEFFcode\n');
  });
});
