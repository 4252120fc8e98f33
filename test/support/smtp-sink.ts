import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server on loopback for tests (the `smtp-server` package), recording every message
 * it accepts, with programmable faults: refused connections, and 421 / 451 / 550 replies chosen
 * per recipient or per message. Faults are decided by pure functions of counters and addresses,
 * so a test is deterministic for a given sequence of client actions.
 */

/** How a connection is refused: 'reset' destroys the socket before the greeting; 421 greets with "421" and closes. */
export type ConnectionFault = 'reset' | 421;
/** A reply refusing RCPT TO or the message after DATA. 421 also closes the connection. */
export type ReplyFault = 421 | 451 | 550;

export interface SmtpFaults {
  /** Decides for connection n (1-based, in order of arrival) whether to refuse it. */
  connection?: (n: number) => ConnectionFault | undefined;
  /** Decides for one RCPT TO address whether to refuse it (e.g. `fail550-…@…` → 550). */
  recipient?: (address: string) => ReplyFault | undefined;
  /**
   * Decides after DATA whether to refuse the message. `attempt` counts the DATA commands seen
   * for this Message-ID, this one included (1 on a first attempt); `connection` is the
   * connection's number and `transaction` the message's number within that connection (1-based).
   */
  message?: (m: { messageId: string; attempt: number; connection: number; transaction: number }) => ReplyFault | undefined;
  /**
   * Decides for an accepted message whether its final acknowledgement is lost: the message is
   * recorded as received, then the connection is cut before "250" reaches the client (an
   * ambiguous outcome: the sender cannot tell whether it was delivered).
   */
  dropAck?: (m: { messageId: string; attempt: number }) => boolean;
}

export interface ReceivedMessage {
  from: string;
  to: string[];
  messageId: string;
  /** X-Phuluc-Key, X-Phuluc-Instance, … by lower-case name, values unfolded but not decoded. */
  headers: Record<string, string>;
  subject: string;
  /** The header section as received. */
  rawHeaders: string;
  size: number;
  connection: number;
  at: number;
}

export interface Rejection {
  stage: 'connect' | 'rcpt' | 'data' | 'ack';
  code: ConnectionFault | ReplyFault | 'dropped';
  connection: number;
  recipient?: string;
  messageId?: string;
  at: number;
}

export interface SmtpSink {
  port: number;
  url: string;
  /** Every accepted message, in order of acceptance. */
  messages: ReceivedMessage[];
  /** Every fault the sink produced, in order. */
  rejections: Rejection[];
  /** Connections opened so far (refused ones included). */
  connections(): number;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  faults?: SmtpFaults;
  /** Largest message accepted, in bytes (default 50 MB). */
  size?: number;
  /** Waits this long after a message's data before answering it (a slow relay). */
  answerDelayMs?: number;
  /** Listen on this port (0 or absent: any free port); a restarted sink keeps its address. */
  port?: number;
}

interface SessionState {
  connection: number;
  transactions: number;
}

/** "Name: value\r\n continued" → { name: 'value continued' } (the first occurrence of each name wins). */
function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const faults = options.faults ?? {};
  const messages: ReceivedMessage[] = [];
  const rejections: Rejection[] = [];
  const attempts = new Map<string, number>();
  const sessions = new Map<string, SessionState>();
  const sockets = new Map<number, Socket>();
  let connectionCounter = 0;

  const stateOf = (session: SMTPServerSession): SessionState => {
    let state = sessions.get(session.id);
    if (!state) {
      state = { connection: ++connectionCounter, transactions: 0 };
      sessions.set(session.id, state);
    }
    return state;
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: options.size ?? 50 * 1024 * 1024,
    maxClients: 1000,
    onConnect(session, callback) {
      const state = stateOf(session);
      const fault = faults.connection?.(state.connection);
      if (fault === undefined) return callback();
      rejections.push({ stage: 'connect', code: fault, connection: state.connection, at: Date.now() });
      if (fault === 'reset') {
        // A refused connection: the socket goes away before the greeting.
        sockets.get(session.remotePort)?.destroy();
        return callback(smtpError(421, 'connection refused by the test'));
      }
      return callback(smtpError(421, 'Service not available, closing transmission channel'));
    },
    onRcptTo(address, session, callback) {
      const state = stateOf(session);
      const fault = faults.recipient?.(address.address);
      if (fault === undefined) return callback();
      rejections.push({ stage: 'rcpt', code: fault, connection: state.connection, recipient: address.address, at: Date.now() });
      return callback(smtpError(fault, fault === 550 ? 'Mailbox unavailable' : 'Requested action aborted: try again later'));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const state = stateOf(session);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => setTimeout(() => answer(), options.answerDelayMs ?? 0));
      const answer = () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        const end = text.search(/\r?\n\r?\n/);
        const rawHeaders = end >= 0 ? text.slice(0, end) : text;
        const headers = parseHeaders(rawHeaders);
        const messageId = headers['message-id'] ?? '';
        const attempt = (attempts.get(messageId) ?? 0) + 1;
        attempts.set(messageId, attempt);
        const transaction = ++state.transactions;
        if (stream.sizeExceeded) return callback(smtpError(552, 'message too big'));
        const fault = faults.message?.({ messageId, attempt, connection: state.connection, transaction });
        if (fault !== undefined) {
          rejections.push({ stage: 'data', code: fault, connection: state.connection, messageId, at: Date.now() });
          return callback(smtpError(fault, fault === 550 ? 'Message refused' : fault === 421 ? 'Closing connection' : 'Try again later'));
        }
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId,
          headers,
          subject: headers.subject ?? '',
          rawHeaders,
          size: raw.length,
          connection: state.connection,
          at: Date.now(),
        });
        if (faults.dropAck?.({ messageId, attempt })) {
          rejections.push({ stage: 'ack', code: 'dropped', connection: state.connection, messageId, at: Date.now() });
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        callback(null, 'OK: message queued');
      };
    },
    onClose(session) {
      sessions.delete(session.id);
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  // A reset socket or a client that hangs up is not the sink's error.
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('the SMTP sink has no TCP address');
  const port = address.port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejections,
    connections: () => connectionCounter,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
