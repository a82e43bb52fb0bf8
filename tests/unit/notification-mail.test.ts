import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { createMailPreferences, mailKindOf } from '../../server/modules/notification-mail/preferences.ts';
import type { NotificationMailRepository } from '../../server/modules/notification-mail/repository.ts';

describe('notification mail configuration', () => {
  it('waits 600 s and caps at 10 an hour unless told otherwise; 0 mails at once', () => {
    expect(loadConfig({}).notifyMail).toEqual({ delayS: 600, hourlyCap: 10 });
    expect(loadConfig({ MINGA_NOTIFY_EMAIL_DELAY_S: '0', MINGA_NOTIFY_EMAIL_HOURLY_CAP: '3' }).notifyMail).toEqual({ delayS: 0, hourlyCap: 3 });
  });

  it('refuses a delay or cap that cannot work', () => {
    expect(() => loadConfig({ MINGA_NOTIFY_EMAIL_DELAY_S: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINGA_NOTIFY_EMAIL_DELAY_S: 'soon' })).toThrow(/MINGA_NOTIFY_EMAIL_DELAY_S/);
    expect(() => loadConfig({ MINGA_NOTIFY_EMAIL_HOURLY_CAP: '0' })).toThrow(/MINGA_NOTIFY_EMAIL_HOURLY_CAP/);
  });
});

function fakeRepo(): NotificationMailRepository {
  const settings = new Map<string, string>();
  const prefs = new Map<number, object>();
  return {
    settingOnce: (name: string, value: () => string) => {
      if (!settings.has(name)) settings.set(name, value());
      return settings.get(name)!;
    },
    preferences: (userId: number) => prefs.get(userId) ?? {},
    savePreferences: (userId: number, modes: object) => void prefs.set(userId, modes),
    updatePreferences: async (userId: number, change: (modes: object) => object) => void prefs.set(userId, change(prefs.get(userId) ?? {})),
    userExists: (userId: number) => userId === 7 || userId === 8,
  } as unknown as NotificationMailRepository;
}

describe('notification mail preferences and unsubscribe tokens', () => {
  it('groups moderation outcomes and warnings, and membership decisions, under one choice each', () => {
    expect(mailKindOf('warning')).toBe('moderation');
    expect(mailKindOf('report_dismissed')).toBe('moderation');
    expect(mailKindOf('membership_declined')).toBe('membership');
    expect(mailKindOf('question_for_you')).toBe('question_for_you');
  });

  it('a token names one member and one kind; any change to it is refused', async () => {
    const preferences = createMailPreferences(fakeRepo());
    const token = await preferences.token(7, 'reply');
    expect(await preferences.unsubscribeState(token)).toEqual({ kind: 'reply', mode: 'email' });
    expect(await preferences.unsubscribe(token)).toEqual({ kind: 'reply', mode: 'never' });
    expect(await preferences.modesOf(7)).toMatchObject({ reply: 'never', mention: 'email', watched_reply: 'digest' });

    const [, , signature] = token.split('.');
    for (const forged of [`8.reply.${signature}`, `7.mention.${signature}`, `7.reply.${signature}x`, '7.reply', '', 'a.b.c', `7.nothing.${signature}`]) {
      await expect(preferences.unsubscribeState(forged), forged).rejects.toThrow(expect.objectContaining({ code: 'UNSUBSCRIBE_TOKEN_INVALID' }));
    }
    // Another install (another secret) does not accept it either.
    await expect(createMailPreferences(fakeRepo()).unsubscribeState(token)).rejects.toThrow(expect.objectContaining({ code: 'UNSUBSCRIBE_TOKEN_INVALID' }));
  });
});
