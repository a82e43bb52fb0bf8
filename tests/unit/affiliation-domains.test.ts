/** The domain rules of verified affiliations: what an institution may list, and which address is at which domain. */
import { describe, expect, it } from 'vitest';
import { domainOf, normaliseDomain, normaliseDomains } from '../../server/modules/affiliation/domains.ts';

const code = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

describe('institution domains', () => {
  it('stores host names lower-cased, without @ or a trailing dot', () => {
    expect(normaliseDomain(' @SENAI.br ')).toBe('senai.br');
    expect(normaliseDomain('sp.senai.br.')).toBe('sp.senai.br');
    expect(normaliseDomain('xn--espaa-rta.es')).toBe('xn--espaa-rta.es');
    expect(normaliseDomains(['senai.br', 'SENAI.BR', '', 'sp.senai.br'])).toEqual(['senai.br', 'sp.senai.br']);
  });

  it('refuses what is not a host name, public providers and more than 20', () => {
    for (const bad of ['senai', 'senai .br', 'ana@senai.br', '-senai.br', 'senai-.br', 'senai..br', 'senai.b', 'senai.123', 'http://senai.br']) {
      expect(code(() => normaliseDomain(bad)), bad).toBe('AFFILIATION_DOMAIN_INVALID');
    }
    for (const provider of ['gmail.com', 'Hotmail.com', 'outlook.com', 'yahoo.com', 'yahoo.com.br']) {
      expect(code(() => normaliseDomain(provider)), provider).toBe('AFFILIATION_DOMAIN_PUBLIC');
    }
    expect(code(() => normaliseDomains(Array.from({ length: 21 }, (_, i) => `d${i}.sena.edu.co`)))).toBe('AFFILIATION_DOMAINS_TOO_MANY');
  });

  it('matches an address at a domain or any of its subdomains, naming the longest', () => {
    expect(domainOf('ana@senai.br', ['senai.br'])).toBe('senai.br');
    expect(domainOf('ana@RJ.Senai.BR', ['senai.br'])).toBe('senai.br');
    expect(domainOf('ana@campinas.sp.senai.br', ['senai.br', 'sp.senai.br'])).toBe('sp.senai.br');
    expect(domainOf('ana@notsenai.br', ['senai.br'])).toBeNull();
    expect(domainOf('ana@senai.br.example', ['senai.br'])).toBeNull();
    expect(domainOf('senai.br', ['senai.br'])).toBeNull();
  });
});
