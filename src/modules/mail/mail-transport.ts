import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/** One e-mail, ready to go: "what to send" is decided elsewhere, this is "how to send". */
export interface OutgoingMail {
  messageId: string;
  from: string;
  to: { email: string; name?: string | null };
  cc: { email: string; name?: string | null }[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string | string[]>;
}

/**
 * The outcome of one attempt. `retry`: a temporary failure (4xx, connection); `dead`: the
 * server refused the message for good (5xx); `auth`: the server refused our credentials, so
 * sending pauses instead of burning every message's attempts.
 */
export type SendOutcome =
  | { kind: 'sent'; code?: number; response: string }
  | { kind: 'retry' | 'dead' | 'auth'; code?: number; response?: string; error: string };

export interface MailTransport {
  readonly name: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** A stable Message-ID for an outbox key: a lost acknowledgement's duplicate can be recognised. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/** The domain of Message-IDs: the sender's (MAIL_FROM), else the public URL's host. */
export function mailDomainOf(mailFrom: string, publicUrl: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(mailFrom);
  return match ? match[1] : new URL(publicUrl).hostname;
}

const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const AUTH_CODES = new Set([530, 534, 535, 538]);

/** Commands that belong to the connection, not to a message: a 5xx there refuses us, not the e-mail. */
const CONNECTION_COMMANDS = new Set(['CONN', 'GREETING', 'EHLO', 'HELO', 'STARTTLS']);

/** How an SMTP failure should be treated. */
export function classifySmtpError(error: { code?: string; command?: string; responseCode?: number; response?: string; message: string }): SendOutcome {
  const code = error.responseCode;
  const base = { code, response: error.response, error: error.message };
  if (error.code === 'EAUTH' || (code !== undefined && AUTH_CODES.has(code))) return { kind: 'auth', ...base };
  // A relay that refuses the connection itself (554 greeting, 5xx to EHLO) would kill every
  // message on its first attempt: pause like an authentication failure instead.
  if (code !== undefined && code >= 500 && error.command && CONNECTION_COMMANDS.has(error.command)) return { kind: 'auth', ...base };
  if (code !== undefined && code >= 500) return { kind: 'dead', ...base };
  if (code !== undefined && code >= 400) return { kind: 'retry', ...base };
  if (error.code && CONNECTION_ERRORS.has(error.code)) return { kind: 'retry', ...base };
  // Anything else (a protocol surprise): try again later rather than lose the message.
  return { kind: 'retry', ...base };
}

function toNodemailer(mail: OutgoingMail): nodemailer.SendMailOptions {
  const address = (a: { email: string; name?: string | null }) => (a.name ? { name: a.name, address: a.email } : a.email);
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: address(mail.to),
    cc: mail.cc.map(address),
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: mail.headers,
  };
}

/** nodemailer over SMTP: pooled connections, tight timeouts. */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp' as const;
  private readonly transporter: nodemailer.Transporter;

  constructor(url: string, { pool = 5, timeoutMs: timeout = 10_000 }: { pool?: number; timeoutMs?: number } = {}) {
    const parsed = new URL(url);
    const host = parsed.hostname;
    const port = Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 25));
    // maxRequeues is a pool option @types/nodemailer does not declare.
    const options: SMTPPool.Options & { maxRequeues: number } = {
      host,
      port,
      secure: parsed.protocol === 'smtps:',
      auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
      pool: true,
      maxConnections: pool,
      maxMessages: 100,
      // A connection closed before the server's reply: nodemailer re-queues the message, by default
      // forever (send() never settles while the server drops every connection). Twice, then a retry.
      maxRequeues: 2,
      // nodemailer leaves Nagle's algorithm on: the end of each message waits for the server's
      // delayed ACK (≈ 40 ms), ≈ 20 messages/s per connection. Plain and STARTTLS connections are
      // opened here with TCP_NODELAY; for smtps nodemailer opens the TLS socket itself.
      getSocket:
        parsed.protocol === 'smtps:'
          ? undefined
          : (_options, callback) => callback(null, { connection: net.connect({ host, port, noDelay: true, keepAlive: true }) }),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
      // A local relay without a certificate is common in government networks; TLS is used when offered.
      tls: { rejectUnauthorized: parsed.searchParams.get('tls') === 'strict' },
      ignoreTLS: parsed.searchParams.get('tls') === 'none',
    };
    this.transporter = nodemailer.createTransport(options);
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const info = await this.transporter.sendMail(toNodemailer(mail));
      return { kind: 'sent', response: String(info.response ?? '') };
    } catch (error) {
      return classifySmtpError(error as { code?: string; command?: string; responseCode?: number; response?: string; message: string });
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** No SMTP configured: each message becomes an .eml file under <dataDir>/mail/. */
export class FileTransport implements MailTransport {
  readonly name = 'file' as const;
  private readonly transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(readonly directory: string) {}

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const info = (await this.transporter.sendMail(toNodemailer(mail))) as { message: Buffer };
      await fs.mkdir(this.directory, { recursive: true });
      const file = path.join(this.directory, `${mail.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
      await fs.writeFile(file, info.message);
      return { kind: 'sent', response: `written ${file}` };
    } catch (error) {
      return { kind: 'retry', error: (error as Error).message };
    }
  }

  async close(): Promise<void> {}
}
