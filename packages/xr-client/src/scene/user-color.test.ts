import { describe, expect, it } from 'vitest';
import { hslToHex, userColor } from './user-color.js';

describe('userColor', () => {
  it('is stable per user and differs between users', () => {
    expect(userColor('user_a')).toBe(userColor('user_a'));
    const colors = new Set(['user_a', 'user_b', 'user_c', 'user_d'].map(userColor));
    expect(colors.size).toBe(4);
    expect(userColor('user_a')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('converts HSL', () => {
    expect(hslToHex(0, 1, 0.5)).toBe('#ff0000');
    expect(hslToHex(120, 1, 0.5)).toBe('#00ff00');
    expect(hslToHex(240, 1, 0.5)).toBe('#0000ff');
  });
});
