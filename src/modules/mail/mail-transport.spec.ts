import { classifySmtpError, messageIdFor } from './mail-transport';
import { backoffSeconds } from './outbox-dispatcher';

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, message: '550 5.1.1 mailbox unavailable' }, 'dead'],
    [{ code: 'EMESSAGE', responseCode: 554, message: '554 rejected' }, 'dead'],
    [{ code: 'EENVELOPE', responseCode: 451, message: '451 4.3.0 try later' }, 'retry'],
    [{ code: 'EPROTOCOL', responseCode: 421, message: '421 too busy' }, 'retry'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525' }, 'retry'],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'retry'],
    [{ code: 'EAUTH', responseCode: 535, message: '535 5.7.8 authentication failed' }, 'auth'],
    [{ code: 'EENVELOPE', responseCode: 530, message: '530 authentication required' }, 'auth'],
    [{ message: 'something unexpected' }, 'retry'],
    [{ code: 'EPROTOCOL', command: 'CONN', responseCode: 554, message: '554 no SMTP service here' }, 'auth'],
    [{ code: 'EPROTOCOL', command: 'EHLO', responseCode: 550, message: '550 not allowed from your address' }, 'auth'],
    [{ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, message: '550 no such user' }, 'dead'],
  ])('%j → %s', (error, kind) => {
    expect(classifySmtpError(error).kind).toBe(kind);
  });
});

describe('backoffSeconds', () => {
  const s = { backoffBaseSeconds: 30, backoffMaxSeconds: 3600 };
  it.each([
    [1, 0.5, 30],
    [2, 0.5, 60],
    [3, 0.5, 120],
    [8, 0.5, 3600],
    [1, 0, 23],
    [1, 0.999, 37],
  ])('after %i attempts with random %d: %i s', (attempts, random, seconds) => {
    expect(backoffSeconds(attempts, s, random)).toBe(seconds);
  });
});

describe('messageIdFor', () => {
  it('is stable for a key and differs between keys', () => {
    expect(messageIdFor('a:b:0:2026-12-24:x@y.vn', 'haiphong.gov.vn')).toBe(messageIdFor('a:b:0:2026-12-24:x@y.vn', 'haiphong.gov.vn'));
    expect(messageIdFor('a', 'h.vn')).not.toBe(messageIdFor('b', 'h.vn'));
    expect(messageIdFor('a', 'h.vn')).toMatch(/^<[0-9a-f]{32}@h\.vn>$/);
  });
});
