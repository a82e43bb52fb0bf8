import { describe, expect, it } from 'vitest';
import { readRequestHead } from '../../server/cluster/sticky.ts';

const head = (text: string) => readRequestHead(Buffer.from(text, 'latin1'));
const SID = 'AbCdEfGhIjKlMnOpQr-_';

describe('readRequestHead (the primary routing a new connection)', () => {
  it('waits for the whole head', () => {
    expect(head('GET /api/health HTTP/1.1\r\nHost: x\r\n')).toBe('partial');
    expect(head(`GET / HTTP/1.1\r\nX-Long: ${'a'.repeat(17 * 1024)}`)).toBe('too-large');
  });

  it('routes a long poll by the session in its request line, never by one in a header', () => {
    expect(head(`GET /socket.io/?EIO=4&transport=polling&t=x&sid=${SID} HTTP/1.1\r\nHost: x\r\n\r\n`)).toEqual({ sid: SID, whole: true });
    expect(head(`GET /socket.io/?EIO=4&transport=polling&sid=${SID}&t=x HTTP/1.1\r\n\r\n`)).toEqual({ sid: SID, whole: true });
    expect(head(`GET /api/health HTTP/1.1\r\nReferer: /x?sid=${SID}\r\n\r\n`)).toEqual({ sid: undefined, whole: true });
    expect(head('GET /socket.io/?EIO=4&transport=polling&sid=short HTTP/1.1\r\n\r\n')).toEqual({ sid: undefined, whole: true });
  });

  it('hands over a request whose body is all there, and relays one still arriving', () => {
    const body = '{"body":"hola"}';
    const post = (length: number, sent: string) => head(`POST /api/x HTTP/1.1\r\nContent-Length: ${length}\r\n\r\n${sent}`);
    expect(post(body.length, body)).toEqual({ sid: undefined, whole: true });
    expect(post(body.length, body.slice(0, 5))).toEqual({ sid: undefined, whole: false });
    expect(post(0, '')).toEqual({ sid: undefined, whole: true });
    expect(head('POST /api/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhola\r\n0\r\n\r\n')).toEqual({ sid: undefined, whole: false });
  });
});
