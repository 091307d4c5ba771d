import { describe, expect, it } from 'vitest';
import { ZRichMenuAudiences } from '../../shared/api/richmenus.ts';
import { audienceMenu } from '../../shared/richmenus/audience.ts';
import { validateImage } from '../../shared/richmenus/validate.ts';

describe('the audience rule', () => {
  const aud = ZRichMenuAudiences.parse({ default: 'main', unregistered: 'join', tiers: [{ tierId: 3, menu: 'gold' }] });
  it('works with only registered / not registered (no tiers yet)', () => {
    const plain = ZRichMenuAudiences.parse({ default: 'main', unregistered: 'join' });
    expect(audienceMenu(plain, { registered: false, tierId: null })).toBe('join');
    expect(audienceMenu(plain, { registered: true, tierId: null })).toBe('main');
    expect(audienceMenu(plain, { registered: true, tierId: 3 })).toBe('main');
  });
  it('gives a tier its menu, other tiers the registered menu, then the default', () => {
    expect(audienceMenu(aud, { registered: true, tierId: 3 })).toBe('gold');
    expect(audienceMenu(aud, { registered: true, tierId: 2 })).toBe('main');
    expect(audienceMenu({ ...aud, registered: 'members' }, { registered: true, tierId: 2 })).toBe('members');
    expect(audienceMenu(aud, { registered: false, tierId: 3 })).toBe('join');
  });
});

describe('LINE’s image rules', () => {
  it('names each rule an image breaks, in zh-TW and English', () => {
    expect(validateImage({ contentType: 'image/png', width: 2500, height: 1686, bytes: 1024 * 1024 })).toEqual([]);
    const all = validateImage({ contentType: 'image/gif', width: 700, height: 600, bytes: 1024 * 1024 + 1 }).map((i) => i.code);
    expect(all).toEqual(['IMAGE_TYPE', 'IMAGE_TOO_NARROW', 'IMAGE_ASPECT', 'IMAGE_TOO_LARGE']);
    expect(validateImage({ contentType: 'image/jpeg', width: 2501, height: 200, bytes: 1 }).map((i) => i.en)).toEqual([
      'The image can be at most 2500 px wide (now 2501)',
      'The image must be at least 250 px high (now 200)',
    ]);
  });
});
