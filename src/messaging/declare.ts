import { isRecord } from '../core/is-record';

/**
 * One message of a protocol, declared once: how its request is read from whatever
 * arrives (null refuses it), and, as a type only, what its answer is. The protocol's
 * types, its parser and its handlers' signatures all follow from a table of these
 * (messaging/protocol.ts), so a new message is one declaration and one handler.
 */
export interface Declaration<Request, Response> {
  parse(data: Record<string, unknown>): Request | null;
  /** Never set: carries the answer's type. */
  readonly response?: Response;
}

/** `declare<Answer>()(parse)`: the answer named, the request's type read off the parser. */
export const declare =
  <Response>() =>
  <Request>(parse: (data: Record<string, unknown>) => Request | null): Declaration<Request, Response> => ({ parse });

/** A request with nothing in it. */
export const noData = (): Record<string, never> => ({});

type AnyDeclarations = Record<string, Declaration<unknown, unknown>>;

/** Each message's request and response, as the table declares them. */
export type ProtocolOf<T extends AnyDeclarations> = {
  [K in keyof T]: T[K] extends Declaration<infer Request, infer Response>
    ? { request: Request; response: Response }
    : never;
};

/** A parsed message: its type and its request. */
export type MessageOf<P> = {
  [K in keyof P]: { type: K; data: P[K] extends { request: infer R } ? R : never };
}[keyof P];

/** Reads a message by the table: a known type whose request its declaration accepts, else null. */
export function parseBy<T extends AnyDeclarations>(table: T, value: unknown): MessageOf<ProtocolOf<T>> | null {
  if (!isRecord(value) || !isRecord(value.data) || typeof value.type !== 'string') return null;
  if (!Object.hasOwn(table, value.type)) return null;
  const data = (table[value.type] as Declaration<unknown, unknown>).parse(value.data);
  return data === null ? null : ({ type: value.type, data } as MessageOf<ProtocolOf<T>>);
}
