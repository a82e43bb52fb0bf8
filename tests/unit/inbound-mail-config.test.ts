import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('inbound mail configuration', () => {
  it('is off unless MINGA_INBOUND_SMTP_PORT is set, and binds loopback by default', () => {
    expect(loadConfig({}).mail.inbound).toBeUndefined();
    expect(loadConfig({ MINGA_INBOUND_SMTP_PORT: '2525' }).mail.inbound).toEqual({ port: 2525, host: '127.0.0.1' });
    expect(loadConfig({ MINGA_INBOUND_SMTP_PORT: '25', MINGA_INBOUND_SMTP_HOST: '0.0.0.0' }).mail.inbound).toEqual({ port: 25, host: '0.0.0.0' });
  });

  it('refuses a port or a reply domain that cannot work, naming the variable', () => {
    expect(() => loadConfig({ MINGA_INBOUND_SMTP_PORT: 'smtp' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINGA_INBOUND_SMTP_PORT: '70000' })).toThrow(/MINGA_INBOUND_SMTP_PORT/);
    expect(loadConfig({ MINGA_MAIL_REPLY_DOMAIN: 'reply.example.org' }).mail.replyDomain).toBe('reply.example.org');
    expect(() => loadConfig({ MINGA_MAIL_REPLY_DOMAIN: 'reply@example.org' })).toThrow(/MINGA_MAIL_REPLY_DOMAIN/);
  });
});
